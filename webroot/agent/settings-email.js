// Email settings (#/settings/email, admins): the support mailbox's state as this
// instance's poller sees it (GET /api/inbound/status) and the mails set aside
// (GET /api/inbound/rejected), each with Retry (POST …/{id}/retry).
import {get, post} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';
import {toast} from '../shared/ui.js';

export function mount(root, {app}) {
  app.setTitle('Email settings');
  const controller = new AbortController();
  const state = el('dl', {class: 'facts', id: 'mailbox-state'});
  const rejected = el('tbody', {id: 'rejected-rows'});
  const error = el('div', {class: 'form-error', id: 'email-settings-error', role: 'alert'});

  replace(root, el('section', {class: 'settings-page', id: 'email-settings', 'aria-labelledby': 'email-title'},
    el('h1', {id: 'email-title'}, 'Email'),
    error,
    el('h2', {class: 'section-title'}, 'Support mailbox'),
    state,
    el('h2', {class: 'section-title'}, 'Mails set aside'),
    el('p', {class: 'muted small'}, 'Mails that could not become a ticket or a reply. Retry takes one again.'),
    el('table', {class: 'table rejected-table'},
      el('thead', null, el('tr', null, el('th', null, 'Received'), el('th', null, 'From'), el('th', null, 'Subject'),
        el('th', null, 'Reason'), el('th', null, ''))),
      rejected)));

  function fact(name, value) {
    return [el('dt', null, name), el('dd', null, value)];
  }

  async function load() {
    try {
      const [s, list] = await Promise.all([get('/api/inbound/status', undefined, {signal: controller.signal}),
        get('/api/inbound/rejected', undefined, {signal: controller.signal})]);
      state.replaceChildren(
        ...fact('Mailbox', s.polling ? s.mailbox : 'Not polled (HELPDESK_IMAP_HOST is not set)'),
        ...(s.polling ? [
          ...fact('Connected', s.connected ? (s.idle ? 'Yes, waiting with IMAP IDLE' : 'Yes') : 'No'),
          ...fact('Last poll', s.lastPollAt ? timeEl(s.lastPollAt) : 'Not yet'),
          ...fact('Mails taken', String(s.mailsTaken)),
          ...(s.held ? fact('Held back', s.held + ' (replies waiting up to 5 s for the mail they answer)') : []),
          ...fact('Last error', s.lastError ? [s.lastError, ' ', timeEl(s.lastErrorAt)] : 'None'),
        ] : []));
      rejected.replaceChildren(...(list.length ? list.map(row) : [el('tr', null,
        el('td', {colspan: '5', class: 'muted'}, 'Nothing set aside.'))]));
    } catch (err) {
      if (err.name !== 'AbortError') error.textContent = err.message;
    }
  }

  function row(m) {
    const retry = el('button', {type: 'button', class: 'btn', dataset: {id: String(m.id)}}, 'Retry');
    retry.addEventListener('click', async () => {
      retry.disabled = true;
      try {
        const outcome = await post(`/api/inbound/rejected/${m.id}/retry`);
        toast(outcome.ticket ? `${outcome.outcome}: ${outcome.ticket}` : (outcome.reason || outcome.outcome));
        await load();
      } catch (err) {
        error.textContent = err.message;
        retry.disabled = false;
      }
    });
    return el('tr', {dataset: {id: String(m.id)}}, el('td', null, timeEl(m.receivedAt)), el('td', null, m.from || '—'),
      el('td', null, m.subject || '—'), el('td', null, m.reason), el('td', null, retry));
  }

  load();
  return {unmount: () => controller.abort()};
}
