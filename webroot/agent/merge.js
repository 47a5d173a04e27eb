// The "Merge…" dialog of the ticket page: find the target by ref (TKT-009, 9)
// or by words of its subject, show who and what it is, confirm, then
// POST /api/tickets/{ref}/merge {"into"}. A closed target comes back as a 422
// that mentions "reopen": the dialog then asks "TKT-009 is closed. Reopen it?"
// and sends again with reopen true or false. Any other refusal shows the
// problem's detail. After a merge the page moves to the target.
import {get, post} from '../shared/api.js';
import {el, replace, debounce} from '../shared/dom.js';
import {field} from '../shared/forms.js';
import {statusPill, priorityPill} from '../shared/format.js';
import {toast} from '../shared/ui.js';

const REF = /^(?:tkt-?\s*)?0*(\d{1,9})$/i;

/** A ref that never breaks at its hyphen. */
const refText = (ref) => el('span', {class: 'nowrap'}, ref);

function requesterText(t) {
  const r = t.requester || {};
  return r.name ? (r.email ? `${r.name} <${r.email}>` : r.name) : r.email || '—';
}

function sameRequester(a, b) {
  const x = a.requester || {};
  const y = b.requester || {};
  return x.type === y.type && String(x.id) === String(y.id);
}

/** Finds candidate targets for `text`; never the source itself. */
async function findTargets(text, source, signal) {
  const m = REF.exec(text);
  let found;
  if (m) {
    try {
      found = [await get('/api/tickets/TKT-' + m[1].padStart(3, '0'), undefined, {signal})];
    } catch (err) {
      if (err.status === 404 || err.status === 403) found = [];
      else throw err;
    }
  } else {
    const page = await get('/api/tickets', {q: text, limit: 10}, {signal});
    found = (page && page.items) || [];
  }
  return found.filter((t) => t && t.ref !== source.ref);
}

/** Opens the dialog for `ticket`; `app.navigate` is used after a merge. */
export function openMergeDialog({ticket, app}) {
  const opener = document.activeElement;
  const path = '/api/tickets/' + encodeURIComponent(ticket.ref) + '/merge';
  let controller = null;
  let target = null;
  let results = [];

  const input = el('input', {type: 'search', id: 'merge-search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'TKT-009 or words from the subject'});
  const resultStatus = el('p', {class: 'muted small merge-status', id: 'merge-status', 'aria-live': 'polite'});
  const list = el('ul', {class: 'merge-results', id: 'merge-results', 'aria-label': 'Matching tickets'});
  const summary = el('div', {class: 'merge-target', id: 'merge-target', hidden: true, 'aria-live': 'polite'});
  const question = el('div', {class: 'notice notice-warning merge-question', id: 'merge-question', hidden: true,
    role: 'alert'});
  const error = el('div', {class: 'form-error', id: 'merge-error', role: 'alert'});
  const cancel = el('button', {type: 'button', class: 'btn', id: 'merge-cancel'}, 'Cancel');
  const confirm = el('button', {type: 'submit', class: 'btn btn-primary', id: 'merge-confirm', disabled: true}, 'Merge');
  const form = el('form', {class: 'dialog-body', id: 'merge-form', novalidate: true},
    el('h2', {id: 'merge-title'}, 'Merge ', refText(ticket.ref), ' into another ticket'),
    el('p', {class: 'muted', id: 'merge-explain'},
      refText(ticket.ref), '’s messages and attachments move to the other ticket’s thread in time order, ' +
      'marked as merged; notes stay notes. ', refText(ticket.ref), ' is then closed.'),
    field('Target ticket', input, {hint: 'A ref such as TKT-009, or words from its subject.'}),
    resultStatus, list, summary, question, error,
    el('div', {class: 'dialog-actions'}, cancel, confirm));
  const dialog = el('dialog', {id: 'merge-dialog', class: 'merge-dialog', 'aria-labelledby': 'merge-title',
    'aria-describedby': 'merge-explain'}, form);

  function close() {
    if (controller) controller.abort();
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  });
  cancel.addEventListener('click', close);

  // ---------- searching ----------
  async function runSearch() {
    const text = input.value.trim();
    if (controller) controller.abort();
    if (text.length < 1 || (!REF.test(text) && text.length < 2)) {
      results = [];
      list.replaceChildren();
      resultStatus.textContent = '';
      return;
    }
    controller = new AbortController();
    resultStatus.textContent = 'Searching…';
    try {
      results = await findTargets(text, ticket, controller.signal);
      renderResults();
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      resultStatus.textContent = 'Could not search: ' + err.message;
    }
  }
  const search = debounce(runSearch, 250);

  function renderResults() {
    resultStatus.textContent = results.length === 0
      ? 'No other ticket matches. Try its ref, e.g. TKT-009.'
      : `${results.length} ${results.length === 1 ? 'ticket' : 'tickets'} found. Choose the one to merge into.`;
    replace(list, results.map((t, i) => el('li', null,
      el('button', {type: 'button', class: ['merge-option', target && target.ref === t.ref ? 'is-chosen' : null],
        dataset: {ref: t.ref, index: String(i)}, 'aria-pressed': String(Boolean(target && target.ref === t.ref))},
      el('span', {class: 'mono merge-ref'}, t.ref),
      el('span', {class: 'merge-subject'}, t.subject),
      el('span', {class: 'merge-requester muted small'}, (t.requester && t.requester.name) || ''),
      statusPill(t.status)))));
  }

  list.addEventListener('click', (event) => {
    const button = event.target.closest('button.merge-option');
    if (button) choose(results[Number(button.dataset.index)]);
  });
  list.addEventListener('keydown', (event) => {
    const buttons = [...list.querySelectorAll('button.merge-option')];
    const i = buttons.indexOf(document.activeElement);
    if (event.key === 'ArrowDown' && i >= 0) {
      event.preventDefault();
      buttons[Math.min(buttons.length - 1, i + 1)].focus();
    } else if (event.key === 'ArrowUp' && i >= 0) {
      event.preventDefault();
      (i === 0 ? input : buttons[i - 1]).focus();
    }
  });
  input.addEventListener('input', () => {
    error.replaceChildren();
    search();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = list.querySelector('button.merge-option');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      // Enter searches at once and picks the only match; with several, the arrow keys or Tab reach them.
      event.preventDefault();
      search.cancel();
      runSearch().then(() => {
        if (results.length === 1) choose(results[0]);
      });
    }
  });

  // ---------- the chosen target ----------
  function choose(t) {
    target = t;
    hideQuestion();
    error.replaceChildren();
    renderResults();
    const warnings = [];
    if (t.mergedInto) warnings.push(`${t.ref} is itself merged into ${t.mergedInto}; merge into that ticket instead.`);
    if (!sameRequester(t, ticket)) warnings.push('It has a different requester: tickets of different requesters cannot be merged.');
    if (t.status === 'closed') warnings.push(`${t.ref} is closed; you will be asked whether to reopen it.`);
    replace(summary,
      el('div', {class: 'merge-target-head'},
        el('span', {class: 'mono merge-ref'}, t.ref), ' ',
        el('strong', {class: 'merge-subject', id: 'merge-target-subject'}, t.subject)),
      el('dl', {class: 'merge-facts'},
        el('dt', null, 'Requester'), el('dd', {id: 'merge-target-requester'}, requesterText(t)),
        el('dt', null, 'Status'), el('dd', {id: 'merge-target-status'}, statusPill(t.status), ' ', priorityPill(t.priority)),
        el('dt', null, 'Agent'), el('dd', null, t.assignee ? t.assignee.name : 'Unassigned')),
      warnings.map((w) => el('p', {class: 'merge-warning small'}, w)),
      el('p', {class: 'merge-confirm-text'}, `Merge ${ticket.ref} into ${t.ref}?`));
    summary.hidden = false;
    confirm.disabled = false;
    confirm.textContent = `Merge into ${t.ref}`;
    confirm.focus();
  }

  // ---------- merging ----------
  function hideQuestion() {
    question.hidden = true;
    question.replaceChildren();
  }

  function askReopen() {
    const yes = el('button', {type: 'button', class: 'btn btn-primary btn-small', id: 'merge-reopen-yes'},
      'Reopen it and merge');
    const no = el('button', {type: 'button', class: 'btn btn-small', id: 'merge-reopen-no'}, 'Merge, keep it closed');
    yes.addEventListener('click', () => send(true));
    no.addEventListener('click', () => send(false));
    replace(question,
      el('div', {class: 'notice-title', id: 'merge-question-text'}, `${target.ref} is closed. Reopen it?`),
      el('p', null, 'Reopening puts it back in the queue with the merged conversation.'),
      el('div', {class: 'notice-actions'}, yes, no));
    question.hidden = false;
    confirm.disabled = true;
    yes.focus();
  }

  async function send(reopen) {
    if (!target) return;
    error.replaceChildren();
    confirm.disabled = true;
    const before = confirm.textContent;
    confirm.textContent = 'Merging…';
    const body = reopen === undefined ? {into: target.ref} : {into: target.ref, reopen};
    try {
      const merged = await post(path, body);
      const ref = (merged && merged.ref) || target.ref;
      close();
      toast(`${ticket.ref} merged into ${ref}`, 5000);
      app.navigate('#/tickets/' + encodeURIComponent(ref));
    } catch (err) {
      confirm.textContent = before;
      if (err.status === 401) return;
      if (err.status === 422 && reopen === undefined && /reopen/i.test(err.message)) {
        askReopen();
        return;
      }
      hideQuestion();
      confirm.disabled = false;
      replace(error, el('div', {class: 'notice-title'}, `Could not merge into ${target.ref}`),
        el('div', {id: 'merge-error-detail'}, err.message));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!target) {
      input.focus();
      return;
    }
    send(undefined);
  });

  document.body.appendChild(dialog);
  dialog.showModal();
  input.focus();
  return dialog;
}
