// @mentions in internal notes: typing @ in the composer (note mode only) suggests staff by name
// or address (#mention-list; arrows and Enter or Tab pick, Esc closes) and inserts @handle, the
// part of their address before the @ (the server notifies the one staff member it names). In the
// thread, mentions in notes show as chips. Public replies never get either.
import {el, replace} from '../shared/dom.js';
import {loadStaff} from './people.js';

const MENTION = /(^|[^\p{L}\p{N}._%+@-])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/gu;

/** Wires the suggestions to a composer's textarea; isNote() says whether it is in note mode. */
export function attachMentions(textarea, isNote) {
  const list = el('ul', {class: 'mention-list', id: 'mention-list', role: 'listbox', hidden: true,
    'aria-label': 'Staff to mention'});
  textarea.insertAdjacentElement('afterend', list);
  let matches = [];
  let selected = 0;

  function close() {
    list.hidden = true;
    matches = [];
    textarea.removeAttribute('aria-activedescendant');
  }

  function typed() {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const m = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
    return m ? m[1] : null;
  }

  async function update() {
    const word = isNote() ? typed() : null;
    if (word === null) {
      close();
      return;
    }
    const staff = await loadStaff().catch(() => []);
    const w = word.toLowerCase();
    matches = staff.filter((u) => String(u.name).toLowerCase().split(/\s+/).some((part) => part.startsWith(w))
      || String(u.email).toLowerCase().startsWith(w)).slice(0, 8);
    selected = 0;
    if (!matches.length) {
      close();
      return;
    }
    render();
    list.hidden = false;
  }

  function render() {
    replace(list, ...matches.map((u, i) => el('li', {role: 'option', id: 'mention-' + u.id,
      'aria-selected': String(i === selected), dataset: {index: String(i)}},
    u.name, el('span', {class: 'muted'}, ' ' + u.email))));
    textarea.setAttribute('aria-activedescendant', 'mention-' + matches[selected].id);
  }

  function pick(user) {
    const caret = textarea.selectionStart;
    const before = textarea.value.slice(0, caret).replace(/@([\p{L}\p{N}._-]*)$/u, '@' + user.email.split('@')[0] + ' ');
    textarea.value = before + textarea.value.slice(caret);
    textarea.selectionStart = textarea.selectionEnd = before.length;
    close();
    textarea.focus();
  }

  textarea.addEventListener('input', update);
  textarea.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      selected = (selected + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
      event.preventDefault();
      pick(matches[selected]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  list.addEventListener('mousedown', (event) => {
    const item = event.target.closest('li[data-index]');
    if (item) {
      event.preventDefault();
      pick(matches[Number(item.dataset.index)]);
    }
  });
  textarea.addEventListener('blur', () => setTimeout(close, 150));
}

/** Wraps @mentions in the text nodes of a rendered note body in chips (no HTML is parsed). */
export function mentionChips(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    const value = text.nodeValue;
    MENTION.lastIndex = 0;
    if (!MENTION.test(value)) continue;
    MENTION.lastIndex = 0;
    const parts = [];
    let last = 0;
    for (const m of value.matchAll(MENTION)) {
      const at = m.index + m[1].length;
      parts.push(value.slice(last, at), el('span', {class: 'mention-chip'}, '@' + m[2]));
      last = at + 1 + m[2].length;
    }
    parts.push(value.slice(last));
    text.replaceWith(...parts.filter((p) => p !== ''));
  }
  return root;
}
