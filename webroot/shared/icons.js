// Small inline SVG icons built with DOM calls (no markup strings, no emoji fonts
// needed). Decorative: aria-hidden, so the text next to them carries the meaning.

const NS = 'http://www.w3.org/2000/svg';

// 16×16 outline paths (stroke = currentColor).
const PATHS = {
  lock: ['M4.5 7V5a3.5 3.5 0 0 1 7 0v2', 'M3.5 7h9v6.5h-9z', 'M8 9.5v1.5'],
  paperclip: ['M10.5 4.5 5.6 9.4a1.4 1.4 0 0 0 2 2l5.3-5.3a2.8 2.8 0 0 0-4-4L3.6 7.4a4.2 4.2 0 0 0 6 6l4.2-4.2'],
  download: ['M8 2.5v8', 'M4.5 7.5 8 11l3.5-3.5', 'M3 13.5h10'],
  send: ['M2.5 8h7', 'M2 2.5 14 8 2 13.5l1.8-5.5z'],
  close: ['M4 4l8 8', 'M12 4l-8 8'],
  file: ['M4 1.5h5l3 3v10H4z', 'M9 1.5v3h3'],
  image: ['M2.5 3h11v10h-11z', 'M2.5 11l3.5-3.5 3 3 2-2 2.5 2.5', 'M10.5 6.2h.01'],
  reply: ['M6.5 4 2.5 8l4 4', 'M2.5 8h7a4 4 0 0 1 4 4v1'],
  chat: ['M2.5 3h11v8h-6l-3 2.5V11h-2z'],
  plus: ['M8 3v10', 'M3 8h10'],
  back: ['M10 3 5 8l5 5'],
  bell: ['M4 11.5V7a4 4 0 0 1 8 0v4.5l1 1H3z', 'M6.5 14a1.5 1.5 0 0 0 3 0'],
};

/** <svg class="icon icon-NAME"> for one of the names above. */
export function icon(name, {size = 16, className} = {}) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.5');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', ['icon', 'icon-' + name, className].filter(Boolean).join(' '));
  for (const d of PATHS[name] || []) {
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}
