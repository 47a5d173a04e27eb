// Trash (#/trash, staff): deleted tickets, kept whole for 30 days; restore brings one
// back with its conversation, attachments and history; admins purge for good.
import {get, post, del} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {page, loadError, isAdmin} from './team-common.js';

export function mount(root, {app}) {
  app.setTitle('Trash');
  const body = page(root, {id: 'trash', title: 'Trash',
    intro: 'Deleted tickets stay here for 30 days, then they are purged'});
  let items = [];
  let next = null;

  async function load(more = false) {
    try {
      const data = await get('/api/trash', more && next ? {cursor: next, limit: 50} : {limit: 50});
      items = more ? [...items, ...data.items] : data.items;
      next = data.nextCursor;
      render();
    } catch (err) {
      if (err.status !== 401) loadError(body, err, () => load());
    }
  }

  function render() {
    if (items.length === 0) {
      replace(body, el('p', {class: 'empty', id: 'trash-empty'},
        'The trash is empty. Deleted tickets land here and can be restored for 30 days.'));
      return;
    }
    replace(body, el('div', {class: 'table-wrap'}, el('table', {class: 'team-table', id: 'trash-table'},
      el('caption', {class: 'visually-hidden'}, 'Deleted tickets'),
      el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'Ticket'), el('th', {scope: 'col'}, 'Deleted by'),
        el('th', {scope: 'col'}, 'Deleted'), el('th', {scope: 'col'}, 'Purged'),
        el('th', {scope: 'col'}, el('span', {class: 'visually-hidden'}, 'Actions')))),
      el('tbody', null, items.map(row)))),
    next ? el('button', {type: 'button', class: 'btn', id: 'trash-more', onclick: () => load(true)}, 'Show more') : null);
  }

  function row(t) {
    const restore = el('button', {type: 'button', class: 'btn btn-small btn-primary', id: `trash-restore-${t.ref}`,
      onclick: () => restoreOne(t)}, 'Restore');
    const purge = isAdmin(app) ? el('button', {type: 'button', class: 'btn btn-small btn-danger',
      id: `trash-purge-${t.ref}`, onclick: () => purgeOne(t)}, 'Delete for good') : null;
    return el('tr', {dataset: {ref: t.ref}},
      el('th', {scope: 'row'}, el('span', {class: 'ref'}, t.ref), ' ', t.subject),
      el('td', null, (t.deletedBy && t.deletedBy.name) || '—'),
      el('td', null, timeEl(t.deletedAt)),
      el('td', null, timeEl(t.purgeAt)),
      el('td', {class: 'team-actions'}, restore, purge));
  }

  async function restoreOne(t) {
    try {
      await post(`/api/trash/${encodeURIComponent(t.ref)}/restore`, {});
      items = items.filter((x) => x.ref !== t.ref);
      render();
      toast(el('span', null, `${t.ref} restored. `, el('a', {href: `#/tickets/${t.ref}`}, 'Open it')));
    } catch (err) {
      toast(err.message);
    }
  }

  async function purgeOne(t) {
    const ok = await confirmDialog({title: `Delete ${t.ref} for good?`,
      message: `“${t.subject}”, its conversation and attachments are removed for good. This cannot be undone.`,
      confirmLabel: 'Delete for good', danger: true, id: 'purge-dialog'});
    if (!ok) return;
    try {
      await del(`/api/trash/${encodeURIComponent(t.ref)}`);
      items = items.filter((x) => x.ref !== t.ref);
      render();
      toast(`${t.ref} deleted for good`);
    } catch (err) {
      toast(err.message);
    }
  }

  load();
  return {};
}
