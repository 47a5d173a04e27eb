// Reports (#/reports?from=2026-11-01&to=2026-11-30&by=day, staff): date range and
// grouping at the top, the totals as cards, a chart (report-chart.js: created and
// resolved bars per row, backlog as a line), the table of every row, and CSV / PDF
// downloads of the same report (GET /api/reports with format=csv|pdf).
import {get, download} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {duration} from '../shared/sla.js';
import {formatCount} from '../shared/format.js';
import {field, showProblem} from '../shared/forms.js';
import {reportChart} from './report-chart.js';

const GROUPINGS = [['day', 'Day'], ['week', 'Week'], ['agent', 'Agent'], ['category', 'Category'],
  ['channel', 'Channel'], ['priority', 'Priority']];
const PRESETS = [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['365', 'Last 12 months']];

const isoDay = (d) => d.toISOString().slice(0, 10);
const pct = (v) => (v === null || v === undefined ? '—' : `${v} %`);
const dur = (s) => (s === null || s === undefined ? '—' : duration(s));

/** #/reports with these parameters. */
export function hashFor({from, to, by}) {
  return '#/reports?' + new URLSearchParams({from, to, by}).toString();
}

function card(id, title, value, note) {
  return el('div', {class: 'report-card', id},
    el('div', {class: 'report-card-title'}, title),
    el('div', {class: 'report-card-value'}, value),
    note ? el('div', {class: 'report-card-note muted small'}, note) : null);
}

function cards(report) {
  const t = report.totals;
  const time = report.businessTime ? 'business time' : 'calendar time';
  return el('div', {class: 'report-cards', id: 'report-cards'},
    card('card-created', 'Created', formatCount(t.created)),
    card('card-resolved', 'Resolved', formatCount(t.resolved)),
    card('card-first-response', 'First response (median)', dur(t.firstResponseMedianSeconds), time),
    card('card-resolution', 'Resolution (median)', dur(t.resolutionMedianSeconds), time),
    card('card-sla', 'SLA met', pct(t.slaMetPercent), `${formatCount(t.slaMet)} of ${formatCount(t.resolved)} resolved`),
    card('card-satisfaction', 'Satisfaction', pct(t.satisfactionPercent),
      `${formatCount(t.good)} good, ${formatCount(t.bad)} bad`),
    card('card-backlog', 'Backlog', formatCount(t.backlog), 'open at the end of the range'));
}

function table(report) {
  const head = ['', 'Created', 'Resolved', 'First response', 'Resolution', 'SLA met', 'Satisfaction', 'Ratings',
    'Backlog'];
  const cells = (r) => [formatCount(r.created), formatCount(r.resolved), dur(r.firstResponseMedianSeconds),
    dur(r.resolutionMedianSeconds), pct(r.slaMetPercent), pct(r.satisfactionPercent), formatCount(r.ratings),
    formatCount(r.backlog)];
  return el('div', {class: 'table-wrap'},
    el('table', {class: 'report-table', id: 'report-table'},
      el('caption', {class: 'visually-hidden'}, 'Report rows, medians of first response and resolution'),
      el('thead', null, el('tr', null, head.map((h) => el('th', {scope: 'col'}, h)))),
      el('tbody', null, report.rows.map((r) => el('tr', {dataset: {key: r.key}},
        el('th', {scope: 'row'}, r.label), cells(r).map((c) => el('td', null, c))))),
      el('tfoot', null, el('tr', null, el('th', {scope: 'row'}, 'Total'),
        cells(report.totals).map((c) => el('td', null, c))))));
}

export function mount(root, {app, query}) {
  app.setTitle('Reports');
  const controller = new AbortController();
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 29 * 86400000);
  const params = {
    from: query.get('from') || isoDay(monthAgo),
    to: query.get('to') || isoDay(today),
    by: query.get('by') || 'day',
  };

  const from = el('input', {type: 'date', id: 'report-from', value: params.from, required: true});
  const to = el('input', {type: 'date', id: 'report-to', value: params.to, required: true});
  const by = el('select', {id: 'report-by'}, GROUPINGS.map(([v, t]) => el('option', {value: v, selected: v === params.by},
    t)));
  const preset = el('select', {id: 'report-preset', 'aria-label': 'Quick range'},
    el('option', {value: ''}, 'Quick range…'), PRESETS.map(([v, t]) => el('option', {value: v}, t)));
  const csv = el('button', {type: 'button', class: 'btn', id: 'report-csv'}, 'Download CSV');
  const pdf = el('button', {type: 'button', class: 'btn', id: 'report-pdf'}, 'Download PDF');
  const formError = el('div', {class: 'form-error', id: 'report-error', role: 'alert'});
  const body = el('div', {id: 'report-body', 'aria-live': 'polite'}, el('p', {class: 'loading'}, 'Loading the report…'));
  const form = el('form', {class: 'report-controls', id: 'report-form'},
    field('From', from), field('To', to),
    el('div', {class: 'field'}, el('label', {for: preset.id}, 'Range'), preset),
    field('Group by', by),
    el('div', {class: 'report-actions'},
      el('button', {type: 'submit', class: 'btn btn-primary', id: 'report-show'}, 'Show'), csv, pdf));

  root.append(el('section', {class: 'view view-reports', 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'}, el('div', {class: 'view-title-row'},
      el('h1', {id: 'view-title', tabindex: '-1'}, 'Reports'))),
    form, formError, body));

  const current = () => ({from: from.value, to: to.value, by: by.value});
  const path = (p, format) => '/api/reports?' + new URLSearchParams({...p, ...(format ? {format} : {})}).toString();

  preset.addEventListener('change', () => {
    if (!preset.value) return;
    const end = new Date();
    to.value = isoDay(end);
    from.value = isoDay(new Date(end.getTime() - (Number(preset.value) - 1) * 86400000));
    preset.value = '';
    form.requestSubmit();
  });
  by.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(hashFor(current()));
  });
  for (const [button, format] of [[csv, 'csv'], [pdf, 'pdf']]) {
    button.addEventListener('click', async () => {
      const p = current();
      button.disabled = true;
      try {
        await download(path(p, format), `report-${p.by}-${p.from}-${p.to}.${format}`);
      } catch (err) {
        replace(formError, 'Could not download the report: ' + err.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  async function load() {
    try {
      const report = await get(path(params), undefined, {signal: controller.signal});
      const empty = report.totals.created === 0 && report.totals.resolved === 0 && report.totals.backlog === 0;
      replace(body,
        report.upToDate ? null : el('p', {class: 'notice notice-info', id: 'report-catching-up'},
          'The figures are being recounted (new business hours or a first start); some days may still change.'),
        cards(report),
        empty ? el('div', {class: 'empty-state', id: 'report-empty'},
          el('p', null, 'Nothing happened in this range.'), el('p', {class: 'muted'}, 'Pick a longer range above.'))
          : el('section', {class: 'report-chart-wrap', 'aria-labelledby': 'chart-title'},
            el('h2', {id: 'chart-title', class: 'section-title'}, 'Created and resolved, with the backlog'),
            reportChart(report)),
        table(report));
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      // the server's words beside the field they are about ("must not be after to" under From)
      const placed = showProblem(err, {from: from.id, to: to.id, by: by.id}, null);
      replace(body, el('div', {class: 'notice', role: 'alert', id: 'report-problem'},
        el('div', {class: 'notice-title'}, 'Could not make the report'),
        el('p', null, placed ? 'Correct the field marked above.' : err.message)));
    }
  }
  load();
  return {unmount: () => controller.abort()};
}
