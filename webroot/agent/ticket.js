// Ticket page (#/tickets/TKT-017): header (ticket-head.js: live SLA badge, due
// date, Merge… button, merged / follow-up banners), thread with the composer
// under it, and a side panel: the SLA panel (ticket-sla.js), every editable
// field, and the SLA history and audit history (history.js). Save = PATCH with
// the changed fields + version; a 409 carries the ticket as it is now in
// `current`, offered for reload. `m` opens the merge dialog (merge.js).
//
// Live (shared/live.js, one socket for the app): while the page is open it follows
// `ticket:REF` and announces presence (viewing; typing while the composer is typed in,
// back to viewing after 3 s of quiet; left when the page goes). message.created →
// thread; ticket.updated → fields, keeping unsaved edits: when someone else changed a
// field being edited, #live-conflict says who and to what, with "Take theirs" / "Keep
// mine" (Save waits for that choice; the next save carries the newest version, so an
// unrelated change never makes it fail); ticket.deleted → back to the list with a
// notice; ticket.merged → #live-merged banner linking to the target. #presence shows
// who else is here, #live-status the connection.
//
// The page also exposes, on its handle and as the module functions below:
//   appendMessage(message)  add a message to the thread (de-duplicated by id)
//   updateTicket(ticket)    show a newer version of the ticket (unsaved edits kept)
import {get, patch, del} from '../shared/api.js';
import {el, replace, debounce} from '../shared/dom.js';
import {clearErrors, clearErrorsOnEdit, showProblem} from '../shared/forms.js';
import {timeEl, label, exactTime} from '../shared/format.js';
import {sharedLive, canonicalRef} from '../shared/live.js';
import {liveStatus, listNames} from '../shared/live-ui.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {loadStaff} from './people.js';
import {createConversation} from './conversation.js';
import {releasePreviews} from '../shared/attachments.js';
import {createTicketFields, changedBetween, describeField} from './ticket-fields.js';
import {FIELD_IDS} from './field-ids.js';
import {hashFor} from './nav.js';
import {renderHead as fillHead} from './ticket-head.js';
import {slaPanel} from './ticket-sla.js';
import {satisfactionPanel, keepRating} from './ticket-satisfaction.js';
import {createHistory} from './history.js';
import {openMergeDialog} from './merge.js';
import {openMacroPicker} from './macro-picker.js';

let active = null; // the mounted page's handle

const TYPING_IDLE_MS = 3000;
const FIELD_WORDS = {dueAt: 'the due date', assignee: 'the assignee', tags: 'the tags', subject: 'the subject',
  description: 'the description'};

/** A field of a ticket in the shape the panel's setValue() takes. */
function apiValue(t, name) {
  if (name === 'assignee') return t.assignee ? t.assignee.id : null;
  if (name === 'tags') return t.tags || [];
  return t[name] ?? null;
}

/** A field's value as people read it, or null for long text (subject, description). */
function valueWords(name, t) {
  if (name === 'subject' || name === 'description') return null;
  if (name === 'assignee') return t.assignee ? t.assignee.name : 'nobody';
  if (name === 'tags') return (t.tags || []).length ? t.tags.join(', ') : 'no tags';
  if (name === 'dueAt') return t.dueAt ? exactTime(t.dueAt) : 'no due date';
  return label(t[name]);
}

/** The same, for a value as the panel's changes() gives it. */
function editWords(name, value, staff) {
  if (name === 'subject' || name === 'description') return null;
  if (name === 'assignee') {
    if (value === null || value === '') return 'nobody';
    const person = staff.find((p) => String(p.id) === String(value));
    return person ? person.name : 'agent #' + value;
  }
  if (name === 'tags') return (value || []).length ? value.join(', ') : 'no tags';
  if (name === 'dueAt') return value ? exactTime(value) : 'no due date';
  return label(value);
}

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

  app.setTitle(ref);
  replace(root, el('p', {class: 'loading'}, `Loading ${ref}…`));

  const panel = createTicketFields();
  const c = panel.controls;
  const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'save'}, 'Save changes');
  const saveStatus = el('span', {class: 'save-status muted', id: 'save-status', role: 'status'});
  const formError = el('div', {class: 'form-error', id: 'ticket-error', role: 'alert'});
  const conflict = el('div', {id: 'conflict-notice', hidden: true});
  const form = el('form', {id: 'ticket-form', class: 'ticket-form', novalidate: true},
    formError,
    panel.fields,
    el('div', {class: 'form-actions sticky-actions'}, save, saveStatus));

  const head = el('div', {class: 'ticket-head'});
  const conversation = createConversation({
    path, app, signal: controller.signal, getTicket: () => ticket, onTyping,
    onSent: () => {
      announce('viewing');
      refreshTicket(true);
    },
  });
  const facts = el('dl', {class: 'facts', id: 'ticket-facts'});
  const slaSlot = el('div', {class: 'sla-slot'});
  const auditTrail = createHistory({path, signal: controller.signal});
  const deleteButton = el('button', {type: 'button', class: 'btn btn-danger', id: 'delete-ticket'}, 'Delete ticket');

  // ---------- live ----------
  const live = sharedLive();
  const connection = liveStatus(live, {id: 'live-status'});
  const liveConflict = el('div', {id: 'live-conflict', hidden: true});
  const mergedBanner = el('div', {id: 'live-merged', hidden: true});
  const conflicts = new Map(); // field → {who, t}: changed by someone else while being edited here
  let liveRef = null; // the ticket followed, as the server spells it
  let stopFollowing = null;
  let typingTimer = null;
  let deleting = false;
  let applying = false; // applyUpdate() is refilling the form
  let gone = false; // unmounted, deleted or missing

  function layout() {
    return el('section', {class: 'view view-ticket', 'aria-labelledby': 'ticket-subject'},
      head,
      mergedBanner,
      el('div', {class: 'ticket-layout'},
        el('div', {class: 'ticket-main'},
          el('div', {class: 'section-head'},
            el('h2', {class: 'section-title'}, 'Conversation'),
            el('button', {type: 'button', class: 'btn btn-small', id: 'macro-button', onclick: () => openMacros()},
              'Macros', el('kbd', {'aria-hidden': 'true'}, 'm')),
            connection.element),
          conversation.element),
        el('aside', {class: 'ticket-side', 'aria-label': 'Ticket fields'},
          conflict,
          slaSlot,
          el('h2', {class: 'section-title'}, 'Details'),
          liveConflict,
          form,
          facts,
          auditTrail.element,
          el('div', {class: 'danger-zone'}, deleteButton))));
  }

  // ---------- rendering ----------
  function renderHead() {
    fillHead(head, ticket, {onMerge: openMerge});
    // The live banner says it already, with a button.
    if (!mergedBanner.hidden) head.querySelector('#merged-notice')?.remove();
    replace(slaSlot, slaPanel(ticket), satisfactionPanel(ticket));
    app.setTitle(`${ticket.ref} · ${ticket.subject}`);
  }

  async function openMacros() {
    if (!ticket) return;
    const t = await openMacroPicker({ticket});
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

  const changes = () => panel.changes(ticket);

  function markDirty() {
    if (!ticket) return;
    pruneConflicts();
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
    if (conflicts.size) {
      // Someone else changed a field being edited here: choose first, never overwrite blindly.
      saveStatus.textContent = `Choose theirs or yours for ${listNames([...conflicts.keys()].map(fieldWord))} first.`;
      liveConflict.querySelector('button')?.focus();
      return;
    }
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
      hideConflict();
      conflicts.clear();
      renderLiveConflicts();
      saveStatus.textContent = 'Saved.';
      toast(`${ticket.ref} saved`);
      conversation.load();
    } catch (err) {
      saveStatus.textContent = '';
      if (err.status === 401) return;
      if (err.status === 409) {
        showConflict(err.problem && err.problem.current);
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
    renderHead();
    renderFacts();
    fillForm(t);
  }

  // ---------- conflict (409) ----------
  async function showConflict(current) {
    if (!current) {
      try {
        current = await get(path);
      } catch {
        current = null;
      }
    }
    const theirs = current ? changedBetween(ticket, current) : [];
    const what = theirs.length ? theirs.map((n) => describeField(n, current)).join('; ') : null;
    const reload = el('button', {type: 'button', class: 'btn btn-primary btn-small', id: 'conflict-reload'},
      'Load current values');
    const merge = el('button', {type: 'button', class: 'btn btn-small', id: 'conflict-merge'},
      'Load current values, keep my edits');
    const dismiss = el('button', {type: 'button', class: 'btn btn-small', id: 'conflict-dismiss'}, 'Dismiss');
    reload.addEventListener('click', () => applyCurrent(current, false));
    merge.addEventListener('click', () => applyCurrent(current, true));
    dismiss.addEventListener('click', hideConflict);
    replace(conflict, el('div', {class: 'notice notice-warning', role: 'alert'},
      el('div', {class: 'notice-title'}, 'Someone else changed this ticket'),
      el('p', null, 'Your changes were not saved. ',
        what ? `They changed: ${what}. ` : '',
        'Load the current values, then make your change again.'),
      el('div', {class: 'notice-actions'}, current ? reload : null, current ? merge : null, dismiss)));
    conflict.hidden = false;
    conflict.scrollIntoView({block: 'nearest'});
    (current ? reload : dismiss).focus();
  }

  function applyCurrent(current, keepMine) {
    const mine = keepMine ? changes() : {};
    showTicket(current);
    for (const [name, value] of Object.entries(mine)) panel.setValue(name, value);
    conflicts.clear();
    renderLiveConflicts();
    markDirty();
    hideConflict();
    conversation.load();
    saveStatus.textContent = keepMine && Object.keys(mine).length
      ? 'Current values loaded; your edits are kept. Review and save.'
      : 'Current values loaded.';
    c.status.focus();
  }

  function hideConflict() {
    conflict.hidden = true;
    conflict.replaceChildren();
  }

  // ---------- delete ----------
  async function onDelete() {
    const ok = await confirmDialog({
      title: `Delete ${ticket.ref}?`,
      message: `“${ticket.subject}” and its whole conversation will be deleted. This cannot be undone.`,
      confirmLabel: 'Delete ticket',
      danger: true,
      id: 'delete-dialog',
    });
    if (!ok) return;
    deleting = true;
    try {
      await del(path);
      toast(`${ticket.ref} deleted`);
      app.navigate(hashFor(document.getElementById('search').value.trim()));
    } catch (err) {
      deleting = false;
      if (err.status !== 401) showProblem(err, {}, formError);
    }
  }

  // ---------- loading ----------
  /** GETs the ticket again (a message can change its status or SLA). */
  async function refreshTicket(withThread) {
    try {
      const before = ticket && ticket.version;
      const t = await get(path, undefined, {signal: controller.signal});
      if (applyUpdate(t) && withThread && t.version !== before) conversation.load();
    } catch (err) {
      // The message is sent; stale fields are shown until the next load.
    }
  }

  /**
   * Shows a newer version of this ticket, keeping edits not yet saved. A field edited here
   * that the newer version changed to something else becomes a conflict to resolve; one
   * they changed to the same value is simply no longer an edit. Either way the ticket (and
   * so the version the next save sends) is the newest.
   */
  function applyUpdate(t) {
    if (!ticket || !t || (t.ref !== ticket.ref && String(t.id) !== String(ticket.id))) return false;
    keepRating(t, ticket);
    if (typeof t.version === 'number' && typeof ticket.version === 'number' && t.version < ticket.version) return false;
    const base = ticket;
    const mine = changes();
    const theirs = changedBetween(base, t);
    // Refilling the form must not move the caret of the field being typed in.
    const focused = document.activeElement;
    let caret = null;
    try {
      if (focused && form.contains(focused) && typeof focused.selectionStart === 'number') {
        caret = [focused.selectionStart, focused.selectionEnd];
      }
    } catch {
      caret = null;
    }
    applying = true;
    try {
      showTicket(t);
      for (const [name, value] of Object.entries(mine)) panel.setValue(name, value);
    } finally {
      applying = false;
    }
    if (caret && document.activeElement === focused) {
      try {
        focused.setSelectionRange(caret[0], caret[1]);
      } catch {
        // not a text field after all
      }
    }
    const still = changes();
    const fresh = [];
    for (const name of theirs) {
      if (!(name in mine) || !(name in still)) continue;
      conflicts.set(name, {who: null, t, mine: still[name]});
      fresh.push(name);
    }
    for (const [name, entry] of conflicts) if (!fresh.includes(name)) entry.t = t;
    markDirty();
    renderLiveConflicts();
    if (fresh.length) whoChanged(fresh, t);
    return true;
  }

  // ---------- changed while editing ----------
  const fieldWord = (name) => FIELD_WORDS[name] || name;

  /** Drops the conflicts of fields no longer edited (set back, or to their value). */
  function pruneConflicts() {
    if (!conflicts.size || applying) return;
    const still = changes();
    let dropped = false;
    for (const name of [...conflicts.keys()]) {
      if (!(name in still)) {
        conflicts.delete(name);
        dropped = true;
      } else {
        conflicts.get(name).mine = still[name];
      }
    }
    if (dropped) renderLiveConflicts();
  }

  /** Finds who made the change in the ticket's history (GET …/history), then says so. */
  async function whoChanged(names, t) {
    let changesList = [];
    try {
      changesList = await get(path + '/history', undefined, {signal: controller.signal});
    } catch {
      changesList = [];
    }
    for (const name of names) {
      const entry = conflicts.get(name);
      if (!entry || entry.t !== t) continue;
      const last = (Array.isArray(changesList) ? changesList : []).filter((c) => c.field === name).pop();
      const actor = last && last.actor;
      entry.who = !actor || !actor.name ? 'Someone'
        : app.user && String(actor.id) === String(app.user.id) ? 'You (in another window)' : actor.name;
    }
    renderLiveConflicts();
  }

  function renderLiveConflicts() {
    for (const node of form.querySelectorAll('.field.has-conflict')) node.classList.remove('has-conflict');
    if (!conflicts.size) {
      liveConflict.hidden = true;
      liveConflict.replaceChildren();
      return;
    }
    const items = [];
    for (const [name, {who, t, mine}] of conflicts) {
      const theirs = valueWords(name, t);
      const yours = editWords(name, mine, staff);
      const takeTheirs = el('button', {type: 'button', class: 'btn btn-small btn-primary',
        id: `take-theirs-${name}`}, theirs === null ? 'Take theirs' : `Take theirs (${theirs})`);
      const keepMine = el('button', {type: 'button', class: 'btn btn-small', id: `keep-mine-${name}`},
        yours === null ? 'Keep mine' : `Keep mine (${yours})`);
      takeTheirs.addEventListener('click', () => resolveConflict(name, true));
      keepMine.addEventListener('click', () => resolveConflict(name, false));
      items.push(el('div', {class: 'live-conflict-item', dataset: {field: name}},
        el('p', {class: 'live-conflict-text'},
          `${who || 'Someone'} changed ${fieldWord(name)}${theirs === null ? '' : ` to ${theirs}`} while you were editing.`,
          yours === null ? ' Your unsaved text is kept.' : ` Your unsaved value: ${yours}.`),
        el('div', {class: 'notice-actions'}, takeTheirs, keepMine)));
      const control = form.querySelector('#' + (name === 'dueAt' ? 'due' : name));
      control?.closest('.field')?.classList.add('has-conflict');
    }
    replace(liveConflict, el('div', {class: 'notice notice-warning live-conflict', role: 'alert'},
      el('div', {class: 'notice-title'}, 'Changed while you were editing'), items));
    liveConflict.hidden = false;
  }

  function resolveConflict(name, takeTheirs) {
    const entry = conflicts.get(name);
    if (!entry) return;
    conflicts.delete(name);
    if (takeTheirs) panel.setValue(name, apiValue(ticket, name));
    markDirty();
    renderLiveConflicts();
    saveStatus.textContent = takeTheirs
      ? `Their ${fieldWord(name).replace(/^the /, '')} is shown now.`
      : `Your ${fieldWord(name).replace(/^the /, '')} is kept: save to apply it.`;
    const control = form.querySelector('#' + (name === 'dueAt' ? 'due' : name));
    (takeTheirs || !control ? save : control).focus();
  }

  // ---------- following the ticket live ----------
  function follow(r) {
    if (stopFollowing || gone || !r) return;
    liveRef = r;
    stopFollowing = live.subscribe('ticket:' + r, onLiveFrame);
    announce('viewing');
  }

  function unfollow() {
    clearTimeout(typingTimer);
    if (stopFollowing) {
      stopFollowing();
      stopFollowing = null;
    }
    if (liveRef) live.presence(liveRef, 'left');
    conversation.setPresence([]);
  }

  function announce(state) {
    clearTimeout(typingTimer);
    if (!liveRef || gone) return;
    live.presence(liveRef, state); // sends only when the state changes
    if (state === 'typing') typingTimer = setTimeout(() => announce('viewing'), TYPING_IDLE_MS);
  }

  function onTyping() {
    announce('typing');
  }

  const stopStatus = live.onStatus((state) => {
    // Who was there is unknown while disconnected; the server tells again on reconnection.
    if (state !== 'live') conversation.setPresence([]);
  });

  let waiting = []; // frames that came before the ticket was loaded
  function onLiveFrame(frame) {
    if (gone) return;
    if (!ticket) {
      waiting.push(frame);
      return;
    }
    if (frame.type === 'presence') {
      conversation.setPresence(frame.users, app.user && app.user.id);
    } else if (frame.type === 'resync') {
      refreshTicket(false);
      conversation.load();
    } else if (frame.type === 'event') {
      onEvent(frame.kind, frame.data || {});
    }
  }

  function onEvent(kind, data) {
    switch (kind) {
      case 'message.created': {
        const message = data.message;
        if (!message) return;
        conversation.append(message, data.ticketRef);
        // Another ticket was merged into this one: its messages moved here.
        if (message.type === 'system' && /was merged into this ticket/.test(message.body || '')) conversation.load();
        return;
      }
      case 'ticket.updated':
        applyUpdate(data);
        return;
      case 'ticket.deleted':
        if (deleting) return;
        gone = true;
        unfollow();
        toast(`${data.ref || ticket.ref} was deleted while you had it open.` +
          (Object.keys(changes()).length || conversation.isDirty() ? ' Your unsaved changes to it are lost.' : ''), 8000);
        app.navigate(hashFor(document.getElementById('search').value.trim()));
        return;
      case 'ticket.merged':
        if (data.into) showMerged(data.into);
        refreshTicket(true);
        return;
      default:
    }
  }

  function showMerged(into) {
    const target = '#/tickets/' + encodeURIComponent(into);
    const go = el('a', {href: target, class: 'btn btn-primary btn-small', id: 'live-merged-link'}, `Go to ${into}`);
    replace(mergedBanner, el('div', {class: 'notice notice-info banner-live', role: 'alert'},
      el('div', {class: 'notice-title'}, `${ticket.ref} was just merged into ${into}`),
      el('p', null, `Its conversation continues on ${into}; replies written here go there too.`),
      el('div', {class: 'notice-actions'}, go)));
    mergedBanner.hidden = false;
    head.querySelector('#merged-notice')?.remove();
  }

  function showMissing() {
    gone = true;
    unfollow();
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
        history.replaceState(history.state, '', '#/tickets/' + encodeURIComponent(t.ref));
      }
      replace(root, layout());
      showTicket(t);
      conversation.load();
      follow(t.ref);
      const early = waiting;
      waiting = [];
      for (const frame of early) onLiveFrame(frame);
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
  const pageHide = () => unfollow();
  window.addEventListener('pagehide', pageHide);
  // Follow at once, so that nothing committed while the page loads is missed.
  follow(canonicalRef(ref));
  load();

  const handle = {
    appendMessage: conversation.append,
    updateTicket: applyUpdate,
    ref: () => (ticket ? ticket.ref : ref),
    unmount() {
      gone = true;
      unfollow();
      stopStatus();
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
        }).then((ok) => ok && app.navigate(hashFor(document.getElementById('search').value.trim())));
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
