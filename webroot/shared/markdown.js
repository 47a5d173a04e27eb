// Message bodies: plain text with a tiny, safe Markdown subset, built as DOM
// nodes (never HTML strings). Line breaks are kept by the container's CSS
// (white-space: pre-wrap), so text nodes carry them as they are.
//
//   **bold**   *italic*   `code`   [words](https://…)   https://… and <https://…> (auto-linked;
//   the angle brackets of the second form are not shown)
//
// The mails' HTML part renders the same subset on the server: dev.helpdesk.mail.MailMarkdown.
// Change both together.
//
// Links only ever get http: or https: URLs, open in a new tab with
// rel="noopener noreferrer nofollow". Anything else stays literal text.
import {el} from './dom.js';

// One alternation, tried left to right at each position.
const INLINE = new RegExp([
  '`([^`\\n]+)`', // 1 code
  '\\*\\*(?=\\S)([^\\n]*?\\S)\\*\\*', // 2 bold
  '\\*(?=[^\\s*])([^*\\n]*?[^\\s*])\\*', // 3 italic
  '\\[([^\\]\\n]+)\\]\\((https?://[^\\s)]+)\\)', // 4 label, 5 url
  '(https?://[^\\s<>"]*[^\\s<>"().,;:!?\'\\]])', // 6 bare url (trailing punctuation left out)
  '<(https?://[^\\s<>"]+)>', // 7 autolink <https://…>, shown without its brackets
].join('|'), 'g');

/** A safe link, or null when `url` is not http(s). */
function link(url, children) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return el('a', {href: parsed.href, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'msg-link'},
    children);
}

function inline(text, depth) {
  const out = [];
  let last = 0;
  INLINE.lastIndex = 0;
  const matches = [...text.matchAll(INLINE)];
  for (const m of matches) {
    if (m.index > last) out.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    let node = null;
    if (m[1] !== undefined) node = el('code', null, m[1]);
    else if (m[2] !== undefined) node = el('strong', null, depth < 2 ? inline(m[2], depth + 1) : m[2]);
    else if (m[3] !== undefined) node = el('em', null, depth < 2 ? inline(m[3], depth + 1) : m[3]);
    else if (m[4] !== undefined) node = link(m[5], m[4]);
    else if (m[6] !== undefined) node = link(m[6], m[6]);
    else if (m[7] !== undefined) node = link(m[7], m[7]);
    out.push(node || m[0]);
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A DocumentFragment for `text`: strings become text nodes, markup becomes elements. */
export function renderBody(text) {
  const fragment = document.createDocumentFragment();
  const lines = String(text ?? '').split('\n');
  lines.forEach((line, i) => {
    if (i > 0) fragment.append('\n');
    for (const part of inline(line, 0)) fragment.append(part);
  });
  return fragment;
}
