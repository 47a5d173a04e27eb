// The business-hours part of the SLA settings page: on/off, time zone (with a
// datalist of zones), a weekly schedule (per day: closed, or from–to) and
// holidays (add / remove dates). value() gives the API shape:
// null, or {timeZone, week: {monday: {start, end} | null, …}, holidays: [...]}.
import {el, replace} from '../shared/dom.js';
import {field} from '../shared/forms.js';

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const COMMON_ZONES = ['UTC', 'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Berlin', 'Europe/Paris',
  'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam', 'Europe/Stockholm', 'Europe/Warsaw', 'Europe/Helsinki',
  'Europe/Athens', 'Europe/Istanbul', 'Europe/Moscow', 'Africa/Cairo', 'Africa/Johannesburg', 'Africa/Lagos',
  'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Seoul',
  'Australia/Sydney', 'Pacific/Auckland', 'America/Sao_Paulo', 'America/New_York', 'America/Chicago',
  'America/Denver', 'America/Los_Angeles', 'America/Toronto', 'America/Mexico_City'];

function zones() {
  try {
    if (typeof Intl.supportedValuesOf === 'function') {
      const all = Intl.supportedValuesOf('timeZone');
      return all.includes('UTC') ? all : ['UTC', ...all];
    }
  } catch {
    // an older browser: the short list below
  }
  return COMMON_ZONES;
}

function localZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const dayLabel = (d) => d.charAt(0).toUpperCase() + d.slice(1);

/** A sensible schedule to start from when business hours are first switched on. */
function defaults() {
  const week = {};
  for (const d of DAYS) week[d] = d === 'saturday' || d === 'sunday' ? null : {start: '09:00', end: '17:00'};
  return {timeZone: localZone(), week, holidays: []};
}

/** {element, fill(businessHours|null), value(), errorTarget(apiField)} */
export function createBusinessHours() {
  const enabled = el('input', {type: 'checkbox', id: 'bh-enabled'});
  const zone = el('input', {type: 'text', id: 'bh-zone', list: 'bh-zone-list', autocomplete: 'off',
    spellcheck: 'false', placeholder: 'Europe/Berlin'});
  const zoneList = el('datalist', {id: 'bh-zone-list'}, zones().map((z) => el('option', {value: z})));
  const days = {};
  const rows = DAYS.map((d) => {
    const open = el('input', {type: 'checkbox', id: `bh-${d}-open`});
    const start = el('input', {type: 'time', id: `bh-${d}-start`, 'aria-label': `${dayLabel(d)} from`});
    const end = el('input', {type: 'time', id: `bh-${d}-end`, 'aria-label': `${dayLabel(d)} until`});
    days[d] = {open, start, end};
    const sync = () => {
      start.disabled = !open.checked;
      end.disabled = !open.checked;
      row.classList.toggle('is-closed', !open.checked);
    };
    const closedWord = el('span', {class: 'muted bh-closed'}, 'Closed');
    open.addEventListener('change', sync);
    days[d].sync = sync;
    for (const c of [open, start, end]) c.setAttribute('aria-describedby', `bh-${d}-error`);
    const row = el('tr', {dataset: {day: d}},
      el('th', {scope: 'row'}, el('label', {for: `bh-${d}-open`}, dayLabel(d))),
      el('td', {class: 'bh-open'}, open, el('span', {class: 'visually-hidden'}, 'open')),
      el('td', {class: 'bh-times'}, start, el('span', {class: 'bh-dash', 'aria-hidden': 'true'}, '–'), end, closedWord),
      el('td', {class: 'bh-error'}, el('span', {class: 'field-error', id: `bh-${d}-error`, 'aria-live': 'polite'})));
    return row;
  });

  let holidays = [];
  const holidayList = el('ul', {class: 'holiday-list', id: 'holiday-list', 'aria-label': 'Holidays'});
  const holidayInput = el('input', {type: 'date', id: 'holiday-new'});
  const holidayAdd = el('button', {type: 'button', class: 'btn btn-small', id: 'holiday-add'}, 'Add holiday');
  const holidayError = el('span', {class: 'field-error', id: 'holiday-new-error', 'aria-live': 'polite'});
  holidayInput.setAttribute('aria-describedby', 'holiday-new-error');

  const fields = el('fieldset', {class: 'bh-fields', id: 'bh-fields'},
    el('legend', {class: 'visually-hidden'}, 'Business hours'),
    field('Time zone', zone, {hint: 'The zone the schedule and holidays are in, e.g. Europe/Berlin.', className: 'bh-zone'}),
    zoneList,
    el('table', {class: 'bh-week', id: 'bh-week'},
      el('caption', {class: 'field-label'}, 'Weekly schedule'),
      el('thead', null, el('tr', null,
        el('th', {scope: 'col'}, 'Day'), el('th', {scope: 'col'}, 'Open'), el('th', {scope: 'col'}, 'Hours'),
        el('td', null))),
      el('tbody', null, rows)),
    el('span', {class: 'field-error', id: 'bh-week-error', 'aria-live': 'polite'}),
    el('div', {class: 'field holidays'},
      el('span', {class: 'field-label', id: 'holidays-label'}, 'Holidays'),
      el('span', {class: 'hint'}, 'Whole days, in the time zone above, when the clock does not run.'),
      holidayList,
      el('div', {class: 'holiday-add'},
        el('label', {for: 'holiday-new', class: 'visually-hidden'}, 'Holiday date'), holidayInput, holidayAdd),
      holidayError,
      el('span', {class: 'field-error', id: 'holidays-error', 'aria-live': 'polite'})));

  function renderHolidays() {
    holidays.sort();
    replace(holidayList, holidays.length ? holidays.map((date) => {
      const remove = el('button', {type: 'button', class: 'chip-remove', 'aria-label': `Remove holiday ${date}`,
        dataset: {date}}, '×');
      remove.addEventListener('click', () => {
        holidays = holidays.filter((h) => h !== date);
        renderHolidays();
        holidayInput.focus();
      });
      return el('li', {class: 'chip holiday', dataset: {date}}, el('time', {datetime: date}, date), remove);
    }) : el('li', {class: 'muted small holiday-none'}, 'No holidays.'));
  }

  holidayAdd.addEventListener('click', () => {
    holidayError.textContent = '';
    const date = holidayInput.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      holidayError.textContent = 'Pick a date first.';
      holidayInput.focus();
      return;
    }
    if (!holidays.includes(date)) holidays.push(date);
    holidayInput.value = '';
    renderHolidays();
    holidayInput.focus();
  });
  holidayInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      holidayAdd.click();
    }
  });

  const syncEnabled = () => {
    fields.disabled = !enabled.checked;
    fields.classList.toggle('is-off', !enabled.checked);
  };
  enabled.addEventListener('change', syncEnabled);

  function fill(bh) {
    enabled.checked = Boolean(bh);
    const v = bh || defaults();
    zone.value = v.timeZone || '';
    for (const d of DAYS) {
      const w = v.week && v.week[d];
      days[d].open.checked = Boolean(w);
      days[d].start.value = w ? w.start : '09:00';
      days[d].end.value = w ? w.end : '17:00';
      days[d].sync();
    }
    holidays = [...(v.holidays || [])];
    renderHolidays();
    syncEnabled();
  }

  function value() {
    if (!enabled.checked) return null;
    const week = {};
    for (const d of DAYS) {
      week[d] = days[d].open.checked ? {start: days[d].start.value, end: days[d].end.value} : null;
    }
    return {timeZone: zone.value.trim(), week, holidays: [...holidays]};
  }

  const element = el('section', {class: 'settings-card', 'aria-labelledby': 'bh-title'},
    el('h2', {id: 'bh-title'}, 'Business hours'),
    el('div', {class: 'check-field'},
      enabled,
      el('label', {for: 'bh-enabled'}, 'Count only business hours'),
      el('span', {class: 'hint', id: 'bh-enabled-hint'},
        'Off: the clock runs around the clock. On: only during the weekly schedule, never on holidays.')),
    fields);
  enabled.setAttribute('aria-describedby', 'bh-enabled-hint');

  /** API error field → id of the control that gets it (its error slot is id + "-error"). */
  function errorTarget(name) {
    if (name === 'businessHours.timeZone') return 'bh-zone';
    if (name === 'businessHours.week') return 'bh-week';
    const day = /^businessHours\.week\.(\w+)/.exec(name);
    if (day && DAYS.includes(day[1])) return `bh-${day[1]}`;
    if (/^businessHours\.holidays/.test(name)) return 'holidays';
    return null;
  }

  return {element, fill, value, errorTarget};
}
