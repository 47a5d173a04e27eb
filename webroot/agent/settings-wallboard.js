// Settings → Wallboard links (#/settings/wallboard-links, admins): named read-only links
// for office screens, when each was last seen, revoked one by one (its boards go dark at once).
import {get, post, del} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';
import {field, clearErrors, showProblem, setFieldError} from '../shared/forms.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {page, loadError, isAdmin, adminsOnly} from './team-common.js';

export function mount(root, {app}) {
  app.setTitle('Wallboard links');
  const body = page(root, {id: 'wallboard-links', title: 'Wallboard links',
    intro: 'Read-only links for screens on the wall'});
  if (!isAdmin(app)) {
    adminsOnly(body);
    return {};
  }
  const name = el('input', {id: 'link-name', type: 'text', required: true, maxlength: '100', placeholder: 'e.g. Hall TV'});
  const error = el('div', {class: 'form-error', role: 'alert'});
  const created = el('div', {id: 'link-created', 'aria-live': 'polite'});
  const form = el('form', {class: 'team-card team-inline-form', id: 'link-form', novalidate: true},
    field('Name of the new link', name), error,
    el('button', {type: 'submit', class: 'btn btn-primary', id: 'link-create'}, 'Create link'));
  const list = el('div', {id: 'link-list'});
  let links = [];

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, error);
    // a name is required here (the API would make up "Wallboard N", which says nothing about the screen)
    if (!name.value.trim()) {
      setFieldError('link-name', 'Enter a name, such as the screen’s room: you will need it to revoke the right link.');
      name.focus();
      return;
    }
    try {
      const link = await post('/api/wallboard/links', {name: name.value.trim()});
      form.reset();
      const url = el('input', {id: 'link-url', type: 'text', readonly: true, value: link.url});
      replace(created, el('div', {class: 'notice notice-success'},
        el('div', {class: 'notice-title'}, `“${link.name}” is ready`),
        el('p', null, 'Open this address on the screen. It is shown only now: copy it.'),
        field('Address', url)));
      url.select();
      load();
    } catch (err) {
      showProblem(err, {name: 'link-name'}, error);
    }
  });

  async function load() {
    try {
      links = await get('/api/wallboard/links');
      render();
    } catch (err) {
      if (err.status !== 401) loadError(list, err, load);
    }
  }

  function render() {
    replace(list, links.length === 0 ? el('p', {class: 'empty'}, 'No wallboard links. Create one for each screen.')
      : el('div', {class: 'table-wrap'}, el('table', {class: 'team-table', id: 'link-table'},
        el('caption', {class: 'visually-hidden'}, 'Wallboard links'),
        el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'Name'), el('th', {scope: 'col'}, 'Created'),
          el('th', {scope: 'col'}, 'Last seen'), el('th', {scope: 'col'}, el('span', {class: 'visually-hidden'}, 'Actions')))),
        el('tbody', null, links.map((l) => el('tr', {dataset: {linkId: String(l.id)}},
          el('th', {scope: 'row'}, l.name), el('td', null, timeEl(l.createdAt)),
          el('td', null, l.lastSeenAt ? timeEl(l.lastSeenAt) : el('span', {class: 'muted'}, 'never')),
          el('td', {class: 'team-actions'}, el('button', {type: 'button', class: 'btn btn-small btn-danger',
            id: `link-revoke-${l.id}`, onclick: () => revoke(l)}, 'Revoke'))))))));
  }

  async function revoke(l) {
    const ok = await confirmDialog({title: `Revoke “${l.name}”?`,
      message: 'Screens showing this link go dark at once; the other links keep working.',
      confirmLabel: 'Revoke', danger: true, id: 'revoke-dialog'});
    if (!ok) return;
    try {
      await del(`/api/wallboard/links/${l.id}`);
      toast(`“${l.name}” revoked`);
      load();
    } catch (err) {
      toast(err.message);
    }
  }

  replace(body, form, created, list);
  load();
  return {};
}
