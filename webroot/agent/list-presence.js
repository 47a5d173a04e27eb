// Who is on each listed ticket: the avatars of other staff viewing or typing, live, beside the
// subject (.row-presence), so two agents do not pick the same ticket. The list follows the
// ticket topic of each row it shows (at most the rows on screen, which stays under the server's
// 100 topics per connection), whose presence frames say who is there; rows that leave the list
// are unfollowed. Rows the list re-renders get their avatars back at once.
import {el} from '../shared/dom.js';
import {initials} from '../shared/format.js';

const MAX_FOLLOWED = 80;

export function createListPresence(rows, live, me) {
  const followed = new Map(); // ref → stop()
  const present = new Map(); // ref → [{id, name, state}]
  let pending = false;

  function render(ref) {
    const row = rows.querySelector(`tr[data-ref="${CSS.escape(ref)}"]`);
    if (!row) return;
    const cell = row.querySelector('.col-subject');
    if (!cell) return;
    cell.querySelector('.row-presence')?.remove();
    const others = (present.get(ref) || []).filter((u) => !me || u.id !== me.id);
    if (!others.length) return;
    const who = others.map((u) => `${u.name} is ${u.state}`).join(', ');
    cell.insertBefore(el('span', {class: 'row-presence', title: who, 'aria-label': who},
      ...others.slice(0, 3).map((u) => el('span', {class: ['avatar', 'avatar-small',
        u.state === 'typing' ? 'is-typing' : null], 'aria-hidden': 'true'}, initials(u.name)))), cell.firstChild);
  }

  function sync() {
    pending = false;
    const refs = [...rows.querySelectorAll('tr[data-ref]')].slice(0, MAX_FOLLOWED).map((r) => r.dataset.ref);
    const wanted = new Set(refs);
    for (const [ref, stop] of followed) {
      if (!wanted.has(ref)) {
        stop();
        followed.delete(ref);
        present.delete(ref);
      }
    }
    for (const ref of refs) {
      if (!followed.has(ref)) {
        followed.set(ref, live.subscribe('ticket:' + ref, (frame) => {
          if (frame.type !== 'presence') return;
          present.set(ref, frame.users || []);
          render(ref);
        }));
      }
      const row = rows.querySelector(`tr[data-ref="${CSS.escape(ref)}"]`);
      if (row && !row.querySelector('.row-presence') && (present.get(ref) || []).some((u) => !me || u.id !== me.id)) {
        render(ref); // the list re-rendered the row
      }
    }
  }

  const observer = new MutationObserver(() => {
    if (!pending) {
      pending = true;
      queueMicrotask(sync);
    }
  });
  observer.observe(rows, {childList: true, subtree: true});
  sync();

  return {
    stop() {
      observer.disconnect();
      for (const stop of followed.values()) stop();
      followed.clear();
    },
  };
}
