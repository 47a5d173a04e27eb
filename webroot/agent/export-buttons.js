// Export CSV / PDF of the list's current filter. A plain link cannot carry the bearer
// token, so the file is fetched, then saved through a temporary <a download>.
import {fetchBlob, saveBlob} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {toast} from '../shared/ui.js';
import {viewQuery} from './views.js';

export function exportButtons({q, preset, view, sort}) {
  const csv = el('button', {type: 'button', class: 'btn btn-small', id: 'export-csv'}, 'Export CSV');
  const pdf = el('button', {type: 'button', class: 'btn btn-small', id: 'export-pdf'}, 'Export PDF');
  const run = async (button, kind) => {
    const text = button.textContent;
    button.disabled = true;
    button.textContent = kind === 'pdf' ? 'Preparing PDF…' : 'Exporting…';
    try {
      // the export knows no saved views: a view's tokens go into q, ANDed with the typed ones
      const tokens = [view ? await viewQuery(view) : null, q].filter(Boolean).join(' ');
      const params = new URLSearchParams();
      if (tokens) params.set('q', tokens);
      if (preset) params.set('preset', preset);
      if (sort) params.set('sort', sort);
      const blob = await fetchBlob(`/api/tickets/export.${kind}?${params}`);
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
      saveBlob(blob, `tickets-${stamp}.${kind}`);
    } catch (err) {
      toast(`Export failed: ${err.message}`);
    } finally {
      button.disabled = false;
      button.textContent = text;
    }
  };
  csv.addEventListener('click', () => run(csv, 'csv'));
  pdf.addEventListener('click', () => run(pdf, 'pdf'));
  return el('span', {class: 'export-buttons'}, csv, pdf);
}
