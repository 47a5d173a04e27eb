// Ticket page (#/tickets/TKT-017): header (ticket-head.js: live SLA badge, due
// date, Merge… button, merged / follow-up banners), thread with the composer
// under it, and a side panel: the SLA panel (ticket-sla.js), every editable
// field, and the SLA history and audit history (history.js). Save = PATCH with
// the changed fields + version; a 409 carries the ticket as it is now in
// `current`, offered for reload (ticket-save-conflict.js). `m` opens the macro
// picker, Shift+M the merge dialog (merge.js).
//
// Live: the page follows `ticket:REF` (ticket-live.js) and announces presence
// (ticket-presence.js). ticket.updated → fields, keeping unsaved edits, with
// "Take theirs" / "Keep mine" when someone else changed a field being edited
// (ticket-live-conflict.js); ticket.deleted → back to the list with a notice;
// ticket.merged → #live-merged banner. #live-status shows the connection.
//
// The page also exposes, on its handle and as the module functions below:
//   appendMessage(message)  add a message to the thread (de-duplicated by id)
//   updateTicket(ticket)    show a newer version of the ticket (unsaved edits kept)
import {get, patch, del} from '../shared/api.js';
import {el, replace, debounce} from '../shared/dom.js';
import {clearErrors, clearErrorsOnEdit, showProblem} from '../shared/forms.js';
import {timeEl} from '../shared/format.js';
import {sharedLive, canonicalRef} from '../shared/live.js';
import {liveStatus} from '../shared/live-ui.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {releasePreviews} from '../shared/attachments.js';
import {loadStaff} from './people.js';
import {createConversation} from './conversation.js';
import {createTicketFields} from './ticket-fields.js';
import {FIELD_IDS} from './field-ids.js';
import {listHash, ticketHash} from './nav.js';
import {renderHead as fillHead} from './ticket-head.js';
import {slaPanel} from './ticket-sla.js';
import {satisfactionPanel, keepRating} from './ticket-satisfaction.js';
import {createHistory} from './history.js';
import {openMergeDialog} from './merge.js';
import {createCcsPanel} from './ticket-ccs.js';
import {openMacroPicker} from './macro-picker.js';
import {createTicketPresence} from './ticket-presence.js';
import {createTicketLive} from './ticket-live.js';
import {createLiveConflicts} from './ticket-live-conflict.js';
import {createSaveConflict} from './ticket-save-conflict.js';

let active = null; // the mounted page's handle

/** Adds a message (e.g. from a live event) to the open ticket's thread, if it belongs there. */
export function appendMessage(message, ticketRef) {
  return active ? active.appendMessage(message, ticketRef) : false;
}

/** Shows a newer version of the open ticket (e.g. from a live event), if it is that ticket. */
export function updateTicket(ticket) {
  return active ? active.updateTicket(ticket) : false;
}

/** The ref of the ticket on screen, or null. */
export function currentRef() {
  return active ? active.ref() : null;
}

export function mount(root, {app, params}) {
  const ref = params[0];
  const path = '/api/tickets/' + encodeURIComponent(ref);
  const controller = new AbortController();
  let ticket = null; // as last loaded from the server: the base for "what changed"
  let staff = [];
  let deleting = false;
  let gone = false; // unmounted, deleted or missing
  const isGone = () => gone;
  const getTicket = () => ticket;

  app.setTitle(ref);
  replace(root, el('p', {class: 'loading'}, `Loading ${ref}…`));

  const panel = createTicketFields();
  const c = panel.controls;
  const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'save'}, 'Save changes');
  const saveStatus = el('span', {class: 'save-status muted', id: 'save-status', role: 'status'});
  const formError = el('div', {class: 'form-error', id: 'ticket-error', role: 'alert'});
  const saveConflict = createSaveConflict({path, getTicket, onApply: applyCurrent});
  const form = el('form', {id: 'ticket-form', class: 'ticket-form', novalidate: true},
    formError,
    panel.fields,
    el('div', {class: 'form-actions sticky-actions'}, save, saveStatus));

  const head = el('div', {class: 'ticket-head'});
  const conversation = createConversation({
    path, app, signal: controller.signal, getTicket, onTyping: () => presence.typing(),
    onSent: () => {
      presence.viewing();
      refreshTicket(true);
    },
  });
  const facts = el('dl', {class: 'facts', id: 'ticket-facts'});
  const slaSlot = el('div', {class: 'sla-slot'});
  const auditTrail = createHistory({path, signal: controller.signal});
  const ccsPanel = createCcsPanel({path, onSaved: (t) => showTicket(t)});
  const deleteButton = el('button', {type: 'button', class: 'btn btn-danger', id: 'delete-ticket'}, 'Delete ticket');

  // ---------- live ----------
  const live = sharedLive();
  const connection = liveStatus(live, {id: 'live-status'});
  const presence = createTicketPresence({live, conversation, app, isGone});
  const changes = () => panel.changes(ticket);
  const liveConflicts = createLiveConflicts({form, panel, save, saveStatus, path, signal: controller.signal, app,
    getTicket, getStaff: () => staff, changes, markDirty, showTicket});
  const ticketLive = createTicketLive({live, presence, conversation, head, getTicket, isGone,
    onUpdate: liveConflicts.reconcile,
    onRefresh: () => refreshTicket(true),
    onResync: () => {
      refreshTicket(false);
      conversation.load();
    },
    onDeleted});

  function layout() {
    return el('section', {class: 'view view-ticket', 'aria-labelledby': 'ticket-subject'},
      head,
      ticketLive.banner,
      el('div', {class: 'ticket-layout'},
        el('div', {class: 'ticket-main'},
          el('div', {class: 'section-head'},
            el('h2', {class: 'section-title'}, 'Conversation'),
            el('button', {type: 'button', class: 'btn btn-small', id: 'macro-button', onclick: () => openMacros()},
              'Macros', el('kbd', {'aria-hidden': 'true'}, 'm')),
            connection.element),
          conversation.element),
        el('aside', {class: 'ticket-side', 'aria-label': 'Ticket fields'},
          saveConflict.element,
          slaSlot,
          el('h2', {class: 'section-title'}, 'Details'),
          liveConflicts.element,
          form,
          facts,
          ccsPanel.element,
          auditTrail.element,
          el('div', {class: 'danger-zone'}, deleteButton))));
  }

  // ---------- rendering ----------
  function renderHead() {
    fillHead(head, ticket, {onMerge: openMerge});
    // The live banner says it already, with a button.
    if (ticketLive.mergedShown()) head.querySelector('#merged-notice')?.remove();
    replace(slaSlot, slaPanel(ticket), satisfactionPanel(ticket));
    app.setTitle(`${ticket.ref} · ${ticket.subject}`);
  }

  async function openMacros() {
    if (!ticket) return;
    const t = await openMacroPicker({ticket, getTicket: () => ticket});
    refreshTicket(true);
    if (t) document.getElementById('composer-body')?.focus();
  }

  function openMerge() {
    if (ticket && !ticket.mergedInto) openMergeDialog({ticket, app});
  }

  function renderFacts() {
    const r = ticket.requester || {};
    const rows = [
      ['Requester', [el('div', null, r.name || '—'), r.email ? el('div', {class: 'muted small'}, r.email) : null,
        el('div', {class: 'muted small'}, r.type === 'user' ? 'User' : 'Contact')]],
      ['Created', timeEl(ticket.createdAt)],
      ['Updated', timeEl(ticket.updatedAt)],
    ];
    replace(facts, rows.map(([term, value]) => [el('dt', null, term), el('dd', null, value)]));
  }

  function fillForm(t) {
    panel.fill(t, staff, app.user);
    markDirty();
  }

  function markDirty() {
    if (!ticket) return;
    liveConflicts.prune();
    const n = Object.keys(changes()).length;
    save.classList.toggle('is-dirty', n > 0);
    if (n > 0) saveStatus.textContent = `${n} unsaved ${n === 1 ? 'change' : 'changes'}`;
    else if (/unsaved/.test(saveStatus.textContent)) saveStatus.textContent = ''; // keep "Saved." and the like
  }

  // ---------- saving ----------
  async function onSave(event) {
    event.preventDefault();
    clearErrors(form, formError);
    const body = changes();
    if (Object.keys(body).length === 0) {
      saveStatus.textContent = 'No changes to save.';
      return;
    }
    // Someone else changed a field being edited here: choose first, never overwrite blindly.
    if (liveConflicts.blockSave()) return;
    if ('subject' in body && !body.subject) {
      showProblem({fieldErrors: [{field: 'subject', message: 'Enter a subject.'}]}, FIELD_IDS, formError);
      c.subject.focus();
      return;
    }
    if (c.due.value && !body.dueAt && 'dueAt' in body) {
      showProblem({fieldErrors: [{field: 'dueAt', message: 'Enter a valid date and time.'}]}, FIELD_IDS, formError);
      return;
    }
    save.disabled = true;
    saveStatus.textContent = 'Saving…';
    try {
      const updated = await patch(path, {...body, version: ticket.version});
      showTicket(updated || (await get(path)));
      saveConflict.hide();
      liveConflicts.clear();
      saveStatus.textContent = 'Saved.';
      toast(`${ticket.ref} saved`);
      conversation.load();
    } catch (err) {
      saveStatus.textContent = '';
      if (err.status === 401) return;
      if (err.status === 409) {
        saveConflict.show(err.problem && err.problem.current);
      } else if (err.status === 404) {
        showMissing();
      } else {
        const first = showProblem(err, FIELD_IDS, formError);
        if (first) first.focus();
      }
    } finally {
      save.disabled = false;
    }
  }

  function showTicket(t) {
    keepRating(t, ticket);
    // Every saved change writes history: reload it when the version moves on.
    if (!ticket || ticket.version !== t.version) auditTrail.load();
    ticket = t;
    conversation.setTicket(t);
    ccsPanel.update(t);
    renderHead();
    renderFacts();
    fillForm(t);
  }

  /** "Load current values" after a 409, keeping the unsaved edits or not. */
  function applyCurrent(current, keepMine) {
    const mine = keepMine ? changes() : {};
    showTicket(current);
    for (const [name, value] of Object.entries(mine)) panel.setValue(name, value);
    liveConflicts.clear();
    markDirty();
    saveConflict.hide();
    conversation.load();
    saveStatus.textContent = keepMine && Object.keys(mine).length
      ? 'Current values loaded; your edits are kept. Review and save.'
      : 'Current values loaded.';
    c.status.focus();
  }

  // ---------- delete ----------
  async function onDelete() {
    const ok = await confirmDialog({
      title: `Delete ${ticket.ref}?`,
      message: `“${ticket.subject}” and its whole conversation move to the Trash, where it can be restored for 30 days.`,
      confirmLabel: 'Delete ticket',
      danger: true,
      id: 'delete-dialog',
    });
    if (!ok) return;
    deleting = true;
    try {
      await del(path);
      toast(`${ticket.ref} deleted`);
      app.navigate(listHash());
    } catch (err) {
      deleting = false;
      if (err.status !== 401) showProblem(err, {}, formError);
    }
  }

  /** Deleted elsewhere (live ticket.deleted) while open here. */
  function onDeleted(data) {
    if (deleting) return;
    gone = true;
    ticketLive.unfollow();
    toast(`${data.ref || ticket.ref} was deleted while you had it open.` +
      (Object.keys(changes()).length || conversation.isDirty() ? ' Your unsaved changes to it are lost.' : ''), 8000);
    app.navigate(listHash());
  }

  // ---------- loading ----------
  /** GETs the ticket again (a message can change its status or SLA). */
  async function refreshTicket(withThread) {
    try {
      const before = ticket && ticket.version;
      const t = await get(path, undefined, {signal: controller.signal});
      if (liveConflicts.reconcile(t) && withThread && t.version !== before) conversation.load();
    } catch (err) {
      // The message is sent; stale fields are shown until the next load.
    }
  }

  function showMissing() {
    gone = true;
    ticketLive.unfollow();
    replace(root, el('section', {class: 'view empty-state', id: 'ticket-missing'},
      el('h1', {tabindex: '-1'}, `${ref} was not found`),
      el('p', null, 'It may have been deleted, or the reference is mistyped.'),
      el('a', {href: '#/', class: 'btn btn-primary'}, 'Back to tickets')));
    root.querySelector('h1').focus();
  }

  async function load() {
    try {
      const [t, people] = await Promise.all([
        get(path, undefined, {signal: controller.signal}),
        loadStaff().catch(() => []),
      ]);
      staff = people;
      if (t.ref && t.ref !== ref) {
        // Opened by id (e.g. after a follow-up): show the ref in the address bar.
        history.replaceState(history.state, '', ticketHash(t.ref));
      }
      replace(root, layout());
      showTicket(t);
      conversation.load();
      ticketLive.follow(t.ref);
      ticketLive.ready();
      document.getElementById('ticket-subject').focus({preventScroll: true});
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      if (err.status === 404 || err.status === 403) {
        showMissing();
        return;
      }
      const retry = el('button', {type: 'button', class: 'btn'}, 'Try again');
      retry.addEventListener('click', load);
      replace(root, el('div', {class: 'notice', role: 'alert'},
        el('div', {class: 'notice-title'}, `Could not load ${ref}`), el('p', null, err.message),
        el('div', {class: 'notice-actions'}, retry)));
    }
  }

  clearErrorsOnEdit(form);
  form.addEventListener('submit', onSave);
  form.addEventListener('input', markDirty);
  form.addEventListener('change', markDirty);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  deleteButton.addEventListener('click', onDelete);
  // The countdown flipped on screen: the watcher writes its history row within seconds.
  const historySoon = debounce(() => auditTrail.load(), 3000);
  root.addEventListener('slachange', historySoon);
  const beforeUnload = (event) => {
    if (ticket && (Object.keys(changes()).length || conversation.isDirty())) event.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);
  const pageHide = () => ticketLive.unfollow();
  window.addEventListener('pagehide', pageHide);
  // Follow at once, so that nothing committed while the page loads is missed.
  ticketLive.follow(canonicalRef(ref));
  load();

  const handle = {
    appendMessage: conversation.append,
    updateTicket: liveConflicts.reconcile,
    ref: () => (ticket ? ticket.ref : ref),
    unmount() {
      gone = true;
      ticketLive.unfollow();
      presence.stop();
      connection.stop();
      window.removeEventListener('pagehide', pageHide);
      controller.abort();
      historySoon.cancel();
      root.removeEventListener('slachange', historySoon);
      window.removeEventListener('beforeunload', beforeUnload);
      if (active === handle) active = null;
      releasePreviews();
    },
    onKey(event) {
      if (!ticket) return false;
      if (event.key === 'Escape') {
        const edited = Object.keys(changes()).length > 0;
        if (!edited && !conversation.isDirty()) return false; // the shell goes back to the list
        event.preventDefault();
        confirmDialog({
          title: 'Discard your changes?',
          message: edited ? `Your edits to ${ticket.ref} are not saved yet.` : 'Your message is not sent yet.',
          confirmLabel: 'Discard changes', cancelLabel: 'Keep editing', danger: true, id: 'discard-dialog',
        }).then((ok) => ok && app.navigate(listHash()));
        return true;
      }
      if (event.key === 'r' || event.key === 'n') {
        event.preventDefault();
        conversation.focusComposer(event.key === 'n' ? 'note' : 'reply');
        return true;
      }
      if (event.key === 'm') {
        event.preventDefault();
        openMacros();
        return true;
      }
      if (event.key === 'M') {
        event.preventDefault();
        openMerge();
        return true;
      }
      const target = {s: c.status, a: c.assignee, p: c.priority}[event.key];
      if (!target) return false;
      event.preventDefault();
      target.focus();
      return true;
    },
  };
  active = handle;
  return handle;
}
