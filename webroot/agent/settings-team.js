// Settings → Team (#/settings/team, admins): who works the desk, their role, state and
// last sign-in; add an agent (invitation by mail, or a password); rename, change role,
// deactivate and reactivate (in force at once: sessions end, open pages are signed out);
// resend an invitation; mail a password reset; reassign a leaver's open tickets.
import {get, post, patch} from '../shared/api.js';
import {el, replace, options} from '../shared/dom.js';
import {label, timeEl, initials, formatCount} from '../shared/format.js';
import {field, clearErrors, showProblem, clearErrorsOnEdit} from '../shared/forms.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {page, loadError, isAdmin, adminsOnly} from './team-common.js';

const ROLES = [['agent', 'Agent'], ['admin', 'Admin'], ['requester', 'Requester']];

export function mount(root, {app}) {
  app.setTitle('Team');
  const addButton = el('button', {type: 'button', class: 'btn btn-primary', id: 'team-add'}, 'Add agent');
  const body = page(root, {id: 'team', title: 'Team', intro: 'Who works the desk', actions: [addButton]});
  const formSlot = el('div', {id: 'team-form-slot'});
  const reassignSlot = el('div', {id: 'team-reassign-slot'});
  let users = [];
  // open tickets still held by deactivated people (user id → count), from the workload
  let leavers = new Map();
  if (!isAdmin(app)) {
    addButton.hidden = true;
    adminsOnly(body);
    return {};
  }

  async function load() {
    try {
      const [list, workload] = await Promise.all([get('/api/users', {limit: 500}), get('/api/agents/workload')]);
      users = list;
      leavers = new Map((workload.inactiveAgents || []).map((a) => [a.id, a.open]));
      render();
    } catch (err) {
      if (err.status !== 401) loadError(body, err, load);
    }
  }

  function render() {
    const staff = users.filter((u) => u.role !== 'requester');
    replace(body, formSlot, reassignSlot, staff.length === 0
      ? el('p', {class: 'empty'}, 'Nobody yet. Add an agent: they get a mail to choose their password.')
      : el('div', {class: 'table-wrap'}, el('table', {class: 'team-table', id: 'team-table'},
        el('caption', {class: 'visually-hidden'}, 'Team members'),
        el('thead', null, el('tr', null,
          el('th', {scope: 'col'}, 'Name'), el('th', {scope: 'col'}, 'Role'), el('th', {scope: 'col'}, 'State'),
          el('th', {scope: 'col'}, 'Last seen'), el('th', {scope: 'col'}, el('span', {class: 'visually-hidden'}, 'Actions')))),
        el('tbody', null, staff.map(row)))));
  }

  function state(u) {
    if (!u.active) return el('span', {class: 'pill team-state team-inactive'}, '○ Deactivated');
    if (u.invitationPending) return el('span', {class: 'pill team-state team-invited'}, '✉ Invited');
    return el('span', {class: 'pill team-state team-active'}, '✓ Active');
  }

  function row(u) {
    const self = app.user && app.user.id === u.id;
    const role = el('select', {id: `team-role-${u.id}`, 'aria-label': `Role of ${u.name}`, disabled: self},
      options(ROLES, u.role));
    role.addEventListener('change', () => change(u, {role: role.value}, `${u.name} is now ${label(role.value)}`));
    const toggle = u.active
      ? el('button', {type: 'button', class: 'btn btn-small btn-danger', id: `team-deactivate-${u.id}`, disabled: self,
        onclick: () => deactivate(u)}, 'Deactivate')
      : el('button', {type: 'button', class: 'btn btn-small', id: `team-reactivate-${u.id}`,
        onclick: () => change(u, {active: true}, `${u.name} can sign in again`)}, 'Reactivate');
    const more = [];
    const held = u.active ? 0 : leavers.get(u.id) || 0;
    if (held > 0) {
      // the way back to the reassignment offered at deactivation ("Later", another admin, a reload)
      more.push(el('button', {type: 'button', class: 'btn btn-small btn-primary', id: `team-reassign-${u.id}`,
        onclick: () => reassignPanel({...u, openTickets: held})},
      `Reassign ${formatCount(held)} open ${held === 1 ? 'ticket' : 'tickets'}`));
    }
    if (u.active && u.invitationPending) {
      more.push(el('button', {type: 'button', class: 'btn btn-small', id: `team-resend-${u.id}`,
        onclick: () => action(`/api/users/${u.id}/invitation`, `Invitation sent again to ${u.email}`)}, 'Resend invitation'));
    } else if (u.active) {
      more.push(el('button', {type: 'button', class: 'btn btn-small', id: `team-reset-${u.id}`,
        onclick: () => action(`/api/users/${u.id}/password-reset`, `A reset link is on its way to ${u.email}`)},
      'Reset password'));
    }
    const rename = el('button', {type: 'button', class: 'btn btn-small btn-link', id: `team-rename-${u.id}`,
      'aria-label': `Rename ${u.name}`, onclick: () => renameForm(u)}, 'Rename');
    return el('tr', {dataset: {userId: String(u.id)}, class: u.active ? null : 'team-row-inactive'},
      el('th', {scope: 'row'}, el('div', {class: 'team-person'},
        el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(u.name)),
        el('span', {class: 'team-who'}, el('span', {class: 'team-name'}, u.name, self ? ' (you)' : ''),
          el('span', {class: 'muted small'}, u.email)), rename)),
      el('td', null, role),
      el('td', null, state(u)),
      el('td', null, u.lastSeenAt ? timeEl(u.lastSeenAt) : el('span', {class: 'muted'}, 'never')),
      el('td', {class: 'team-actions'}, more, toggle));
  }

  async function change(u, body, message) {
    try {
      const updated = await patch(`/api/users/${u.id}`, body);
      users = users.map((x) => (x.id === u.id ? updated : x));
      render();
      toast(message);
      return updated;
    } catch (err) {
      toast(err.message);
      render();
      return null;
    }
  }

  async function action(path, message) {
    try {
      await post(path, {});
      toast(message);
    } catch (err) {
      toast(err.message);
    }
  }

  async function deactivate(u) {
    const ok = await confirmDialog({title: `Deactivate ${u.name}?`,
      message: `${u.name} is signed out everywhere at once and cannot sign in until reactivated. ` +
        'Their tickets stay assigned to them until you reassign them.',
      confirmLabel: 'Deactivate', danger: true, id: 'deactivate-dialog'});
    if (!ok) return;
    const updated = await change(u, {active: false}, `${u.name} is deactivated and signed out`);
    if (updated && updated.openTickets > 0) {
      leavers.set(u.id, updated.openTickets);
      render();
      reassignPanel(updated);
    }
  }

  function reassignPanel(u) {
    const to = el('select', {id: 'reassign-to'}, options([['', 'Nobody (unassigned)'], ['routing', 'By the routing rules'],
      ...users.filter((x) => x.active && x.role !== 'requester' && x.id !== u.id).map((x) => [String(x.id), x.name])], ''));
    const error = el('div', {class: 'form-error', role: 'alert'});
    const go = el('button', {type: 'submit', class: 'btn btn-primary', id: 'reassign-submit'}, 'Reassign');
    const later = el('button', {type: 'button', class: 'btn', onclick: () => reassignSlot.replaceChildren()}, 'Later');
    const form = el('form', {class: 'notice notice-warning team-reassign', id: 'reassign-form'},
      el('div', {class: 'notice-title'}, `${u.name} still has ${formatCount(u.openTickets)} open ` +
        (u.openTickets === 1 ? 'ticket' : 'tickets')),
      el('p', null, 'Until they are reassigned they show under “inactive agents” on the workload and the wallboard.'),
      field('Give them to', to, {hint: 'By the routing rules: each ticket goes where the first matching assigning rule sends it; the others are left unassigned.'}),
      error, el('div', {class: 'notice-actions'}, go, later));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      go.disabled = true;
      try {
        const result = await post(`/api/users/${u.id}/reassign`, {to: to.value === 'routing' ? 'routing' : to.value ? Number(to.value) : null});
        reassignSlot.replaceChildren();
        leavers.delete(u.id);
        render();
        toast(`${formatCount(result.updated)} tickets reassigned`);
      } catch (err) {
        error.textContent = err.message;
        go.disabled = false;
      }
    });
    replace(reassignSlot, form);
    to.focus();
  }

  function renameForm(u) {
    const name = el('input', {id: 'rename-name', type: 'text', value: u.name, required: true, maxlength: '200'});
    const error = el('div', {class: 'form-error', role: 'alert'});
    const form = el('form', {class: 'team-form', id: 'rename-form'},
      el('h2', null, `Rename ${u.name}`), field('Name', name), error,
      el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn btn-primary'}, 'Save'),
        el('button', {type: 'button', class: 'btn', onclick: () => formSlot.replaceChildren()}, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form, error);
      try {
        const updated = await patch(`/api/users/${u.id}`, {name: name.value.trim()});
        users = users.map((x) => (x.id === u.id ? updated : x));
        formSlot.replaceChildren();
        render();
      } catch (err) {
        showProblem(err, {name: 'rename-name'}, error);
      }
    });
    replace(formSlot, form);
    name.focus();
  }

  function addForm() {
    const email = el('input', {id: 'add-email', type: 'email', required: true, autocomplete: 'off'});
    const name = el('input', {id: 'add-name', type: 'text', required: true, maxlength: '200', autocomplete: 'off'});
    const role = el('select', {id: 'add-role'}, options(ROLES.slice(0, 2), 'agent'));
    const password = el('input', {id: 'add-password', type: 'password', autocomplete: 'new-password'});
    const error = el('div', {class: 'form-error', role: 'alert'});
    const form = el('form', {class: 'team-form', id: 'add-form', novalidate: true},
      el('h2', null, 'Add an agent'),
      el('div', {class: 'team-form-grid'}, field('Email', email), field('Name', name), field('Role', role),
        field('Password (optional)', password, {hint: 'Leave empty to send an invitation: they choose their own ' +
          'password from a single-use link. At least 10 characters, not a common one.'})),
      error,
      el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn btn-primary', id: 'add-submit'}, 'Add'),
        el('button', {type: 'button', class: 'btn', onclick: () => formSlot.replaceChildren()}, 'Cancel')));
    clearErrorsOnEdit(form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form, error);
      const body = {email: email.value.trim(), name: name.value.trim(), role: role.value};
      if (password.value) body.password = password.value;
      try {
        const user = await post('/api/users', body);
        users = [...users, user].sort((a, b) => a.name.localeCompare(b.name));
        formSlot.replaceChildren();
        render();
        toast(user.invitationPending ? `Invitation sent to ${user.email}` : `${user.name} can sign in now`);
      } catch (err) {
        const first = showProblem(err, {email: 'add-email', name: 'add-name', role: 'add-role',
          password: 'add-password'}, error);
        if (first) first.focus();
      }
    });
    replace(formSlot, form);
    email.focus();
  }

  addButton.addEventListener('click', addForm);
  load();
  return {};
}
