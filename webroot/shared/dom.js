// Tiny DOM helpers. Text always goes in as text nodes, never as HTML.
//
//   el('button', {class: 'btn', type: 'button', onclick: save}, 'Save')
//
// attrs: `class` (string or array), `dataset` (object), `text`, any `on*` key
// with a function (added with addEventListener), `true`/`false` for boolean
// attributes, null/undefined skipped; everything else is set as an attribute.
// children: strings/numbers become text nodes, Nodes are appended, arrays are
// flattened, null/undefined/false are skipped.

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'value' && 'value' in node) {
      node.value = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  return node;
}

export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces all children of `node` with `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Options for a <select>: [[value, label], ...]; marks `selected`. */
export function options(pairs, selected) {
  return pairs.map(([value, label]) =>
    el('option', {value, selected: String(value) === String(selected ?? '')}, label));
}

/** Calls fn after `ms` of quiet; the returned function has .cancel(). */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** True when a key event happens while the user is typing in a field. */
export function isTyping(event) {
  const t = event.target;
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.matches('input, textarea, select');
}
