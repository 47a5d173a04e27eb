// Selecting many tickets in the list and changing them at once.
// Rows have checkboxes (shift-click selects a range, x toggles the current row); when every
// loaded row is selected, "Select all N matching" selects the whole filter. The mass-update
// dialog has one row per field ("Keep as is" by default), a preview line, then progress:
// chosen ids go in requests of 500 ids, "all matching" as one query the server walks.
import {get, post} from '../shared/api.js';
import {el, options} from '../shared/dom.js';
import {STATUSES, PRIORITIES, CATEGORIES, label, formatCount} from '../shared/format.js';
import {confirmDialog, toast} from '../shared/ui.js';
import {loadStaff} from './people.js';
import {presetTokens} from './presets.js';
import {viewQuery} from './views.js';
import {exportButtons} from './export-buttons.js';

const REQUEST_IDS = 500;

export function createBulk({q, preset, view, sort, rows, getItems, getTotal, onDone}) {
  const selected = new Set();
  let allMatching = false;
  let anchor = -1;

  const countText = el('span', {class: 'bulk-count', id: 'bulk-count', 'aria-live': 'polite'});
  const selectAll = el('button', {type: 'button', class: 'btn btn-small btn-link', id: 'select-all-matching',
    hidden: true});
  const update = el('button', {type: 'button', class: 'btn btn-small btn-primary', id: 'mass-update'},
    'Mass update');
  const remove = el('button', {type: 'button', class: 'btn btn-small btn-danger', id: 'bulk-delete'}, 'Delete');
  const clear = el('button', {type: 'button', class: 'btn btn-small', id: 'clear-selection'}, 'Clear');
  const actions = el('span', {class: 'bulk-actions', hidden: true}, countText, selectAll, update, remove, clear);
  const bar = el('div', {class: 'bulk-bar', id: 'bulk-bar'}, actions, exportButtons({q, preset, view, sort}));
  const headBox = el('input', {type: 'checkbox', id: 'select-page', 'aria-label': 'Select all loaded tickets'});
  const headerCell = el('th', {scope: 'col', class: 'col-select'}, headBox);

  function count() {
    return allMatching ? getTotal() : selected.size;
  }

  function render() {
    const items = getItems();
    for (const box of rows.querySelectorAll('input.row-select')) {
      box.checked = allMatching || selected.has(Number(box.value));
      box.closest('tr').classList.toggle('is-checked', box.checked);
    }
    const n = count();
    actions.hidden = n === 0;
    countText.textContent = allMatching ? `All ${formatCount(n)} matching selected` : `${formatCount(n)} selected`;
    const everyLoaded = items.length > 0 && items.every((t) => selected.has(t.id));
    headBox.checked = allMatching || everyLoaded;
    headBox.indeterminate = !headBox.checked && selected.size > 0;
    selectAll.hidden = allMatching || !everyLoaded || getTotal() <= items.length;
    selectAll.textContent = `Select all ${formatCount(getTotal())} matching`;
  }

  function setRow(id, on) {
    if (on) selected.add(id);
    else selected.delete(id);
  }

  rows.addEventListener('click', (event) => {
    const box = event.target.closest('input.row-select');
    if (!box) return;
    event.stopPropagation();
    const items = getItems();
    const index = items.findIndex((t) => t.id === Number(box.value));
    if (allMatching) {
      // leaving "all matching": keep the loaded rows selected, less this one
      allMatching = false;
      items.forEach((t) => selected.add(t.id));
    }
    if (event.shiftKey && anchor >= 0 && index >= 0) {
      const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
      for (let i = from; i <= to; i++) setRow(items[i].id, box.checked);
    } else {
      setRow(Number(box.value), box.checked);
    }
    anchor = index;
    render();
  });
  headBox.addEventListener('change', () => {
    allMatching = false;
    getItems().forEach((t) => setRow(t.id, headBox.checked));
    render();
  });
  selectAll.addEventListener('click', () => {
    allMatching = true;
    render();
  });
  clear.addEventListener('click', reset);
  update.addEventListener('click', () => openDialog());
  remove.addEventListener('click', () => deleteSelected());

  function reset() {
    selected.clear();
    allMatching = false;
    anchor = -1;
    render();
  }

  /**
   * The tokens the server walks for "all matching": the preset's, the saved view's and the typed
   * ones. A preset or view whose tokens are unknown fails rather than widen to every ticket.
   */
  async function matchingQuery() {
    const presetPart = preset ? presetTokens(preset) : null;
    if (preset && presetPart == null) throw new Error('The preset is not loaded yet; try again');
    const viewPart = view ? await viewQuery(view) : null;
    return [presetPart, viewPart, q].filter(Boolean).join(' ');
  }

  /** Sends one bulk body per chunk of ids (or one query), reporting progress; sums the answers. */
  async function send(body, onProgress) {
    const total = {updated: 0, unchanged: 0, failed: []};
    const add = (r) => {
      total.updated += r.updated || 0;
      total.unchanged += r.unchanged || 0;
      total.failed = total.failed.concat(r.failed || []);
    };
    if (allMatching && !body.delete) {
      onProgress(null);
      add(await post('/api/tickets/bulk', {query: await matchingQuery(), ...body}));
      return total;
    }
    const ids = allMatching ? await allIds(onProgress) : [...selected];
    for (let i = 0; i < ids.length; i += REQUEST_IDS) {
      onProgress(i / ids.length);
      add(await post('/api/tickets/bulk', {ids: ids.slice(i, i + REQUEST_IDS), ...body}));
    }
    onProgress(1);
    return total;
  }

  /** Every matching id, page by page (a delete names its tickets). */
  async function allIds(onProgress) {
    const ids = [];
    let cursor = null;
    do {
      const page = await get('/api/tickets', {q, preset, view, sort: 'created', limit: 200, cursor});
      (page.items || []).forEach((t) => ids.push(t.id));
      cursor = page.nextCursor;
      onProgress(null);
    } while (cursor);
    return ids;
  }

  async function deleteSelected() {
    const n = count();
    const ok = await confirmDialog({title: `Delete ${formatCount(n)} ${n === 1 ? 'ticket' : 'tickets'}?`,
      message: 'They move to the Trash with their conversations; from there they can be restored for 30 days.',
      confirmLabel: 'Delete', danger: true, id: 'bulk-delete-dialog'});
    if (!ok) return;
    try {
      const result = await send({delete: true}, () => {});
      toast(`Deleted ${formatCount(result.updated)} ${result.updated === 1 ? 'ticket' : 'tickets'}`
        + (result.failed.length ? `; ${result.failed.length} could not be deleted` : ''));
    } catch (err) {
      toast(`Delete failed: ${err.message}`);
    }
    reset();
    onDone();
  }

  async function openDialog() {
    const n = count();
    const staff = await loadStaff().catch(() => []);
    const keep = [['', 'Keep as is']];
    const fields = [
      ['status', 'Status', keep.concat(STATUSES.map((s) => [s, label(s)]))],
      ['priority', 'Priority', keep.concat(PRIORITIES.map((p) => [p, label(p)]))],
      ['category', 'Category', keep.concat(CATEGORIES.map((c) => [c, label(c)]))],
      ['assignee', 'Agent', keep.concat([['none', 'Unassigned']], staff.map((u) => [String(u.id), u.name]))],
    ];
    const selects = {};
    const rowsEl = fields.map(([name, text, choices]) => {
      selects[name] = el('select', {id: 'bulk-' + name, name}, options(choices, ''));
      return el('div', {class: 'bulk-field'}, el('label', {for: 'bulk-' + name}, text), selects[name]);
    });
    // A macro's field changes (its message is for one ticket at a time, so it is left out here).
    const macros = (await get('/api/macros').catch(() => [])).filter((m) => m.set && ['status', 'priority',
      'category', 'assignee'].some((k) => k in m.set));
    const macroSelect = el('select', {id: 'bulk-macro'}, options([['', 'None'],
      ...macros.map((m) => [String(m.id), m.title])], ''));
    if (macros.length) {
      rowsEl.unshift(el('div', {class: 'bulk-field'}, el('label', {for: 'bulk-macro'}, 'From a macro'), macroSelect));
    }
    macroSelect.addEventListener('change', () => {
      const macro = macros.find((m) => String(m.id) === macroSelect.value);
      for (const name of ['status', 'priority', 'category', 'assignee']) {
        const value = macro && name in macro.set ? macro.set[name] : '';
        selects[name].value = name === 'assignee' && macro && name in macro.set
          ? (value === null ? 'none' : String(value)) : (value || '');
      }
      refresh();
    });
    const preview = el('p', {class: 'bulk-preview', id: 'bulk-preview', 'aria-live': 'polite'});
    const progress = el('progress', {id: 'bulk-progress', class: 'bulk-progress', max: '1', hidden: true});
    const outcome = el('div', {class: 'bulk-outcome', id: 'bulk-outcome', 'aria-live': 'polite'});
    const cancel = el('button', {type: 'button', class: 'btn', id: 'bulk-cancel'}, 'Cancel');
    const apply = el('button', {type: 'button', class: 'btn btn-primary', id: 'bulk-apply', disabled: true},
      'Apply');
    const dialog = el('dialog', {id: 'bulk-dialog', 'aria-labelledby': 'bulk-title'},
      el('div', {class: 'dialog-body'},
        el('h2', {id: 'bulk-title'}, `Change ${formatCount(n)} ${n === 1 ? 'ticket' : 'tickets'}`),
        el('div', {class: 'bulk-fields'}, rowsEl), preview, progress, outcome,
        el('div', {class: 'dialog-actions'}, cancel, apply)));

    const changes = () => {
      const set = {};
      const words = [];
      for (const [name, text] of fields) {
        const value = selects[name].value;
        if (!value) continue;
        // the option's text, never a raw value ("null" for nobody, an id for an agent)
        const option = selects[name].selectedOptions[0];
        const choice = (option && option.textContent.trim()) || (value === 'none' ? 'Unassigned' : label(value));
        if (name === 'assignee') set.assignee = value === 'none' ? null : Number(value);
        else set[name] = value;
        words.push(`${text.toLowerCase()} → ${choice}`);
      }
      return {set, words};
    };
    const refresh = () => {
      const {words} = changes();
      preview.textContent = words.length ? `${formatCount(n)} ${n === 1 ? 'ticket' : 'tickets'}: ${words.join(', ')}`
        : 'Choose what to change; every field you leave on “Keep as is” stays as it is.';
      apply.disabled = words.length === 0;
    };
    Object.values(selects).forEach((s) => s.addEventListener('change', refresh));
    let done = false;
    const finish = () => {
      if (dialog.open) dialog.close();
      dialog.remove();
      if (done) {
        reset();
        onDone();
      }
    };
    cancel.addEventListener('click', finish);
    dialog.addEventListener('close', finish);
    apply.addEventListener('click', async () => {
      if (done) {
        finish();
        return;
      }
      const {set} = changes();
      apply.disabled = true;
      cancel.disabled = true;
      Object.values(selects).forEach((s) => { s.disabled = true; });
      progress.hidden = false;
      outcome.replaceChildren(el('p', {class: 'muted'}, 'Working…'));
      try {
        const result = await send({set}, (share) => {
          if (share === null) progress.removeAttribute('value');
          else progress.value = share;
        });
        progress.value = 1;
        outcome.replaceChildren(
          el('p', {class: 'notice notice-success', id: 'bulk-result'},
            `Updated ${formatCount(result.updated)} ${result.updated === 1 ? 'ticket' : 'tickets'}`
            + (result.unchanged ? ` (${formatCount(result.unchanged)} already were so)` : '') + '.'),
          result.failed.length ? el('div', {class: 'notice notice-warning', id: 'bulk-failures'},
            el('div', {class: 'notice-title'}, `${result.failed.length} could not be changed`),
            el('ul', {class: 'problem-list'}, result.failed.slice(0, 20).map((f) =>
              el('li', null, `${f.ref || '#' + f.id}: ${f.error || 'could not be changed'}`)))) : '');
        // (replaceChildren, unlike el(), writes a null child as the text "null")
      } catch (err) {
        outcome.replaceChildren(el('p', {class: 'notice', role: 'alert'}, `The change failed: ${err.message}`));
      }
      done = true;
      apply.textContent = 'Close';
      apply.disabled = false;
      apply.focus();
    });
    document.body.appendChild(dialog);
    refresh();
    dialog.showModal();
    selects.status.focus();
  }

  /** The checkbox cell of a row. */
  function cell(ticket) {
    return el('td', {class: 'col-select'}, el('input', {type: 'checkbox', class: 'row-select',
      value: String(ticket.id), 'aria-label': `Select ${ticket.ref}`,
      checked: allMatching || selected.has(ticket.id)}));
  }

  /** Tickets gone from the list (deleted, or no longer matching): no longer selected. */
  function forget(ids) {
    ids.forEach((id) => selected.delete(id));
  }

  /** x on the current row. */
  function toggle(ticket) {
    if (!ticket) return;
    if (allMatching) {
      allMatching = false;
      getItems().forEach((t) => selected.add(t.id));
    }
    setRow(ticket.id, !selected.has(ticket.id));
    render();
  }

  render();
  return {bar, headerCell, cell, render, toggle, reset, forget};
}
