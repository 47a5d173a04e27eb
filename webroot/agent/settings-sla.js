// SLA settings (#/settings/sla): GET /api/sla/policies for every staff member,
// PUT (admins only; agents see the same page read-only). Targets per priority
// in hours and minutes (sent as seconds), the approaching percentage, business
// hours with a weekly schedule, time zone and holidays. Field errors from the
// problem JSON ("policies[1].resolutionSeconds", "businessHours.week.monday")
// are shown next to their fields. After a save: "Saved; N open tickets re-targeted".
import {get, put} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {clearErrors, clearErrorsOnEdit} from '../shared/forms.js';
import {PRIORITIES, label, priorityPill} from '../shared/format.js';
import {duration} from '../shared/sla.js';
import {createBusinessHours} from './business-hours.js';
import {isSettingsConflict, showSettingsConflict} from './settings-conflict.js';

const PATH = '/api/sla/policies';
const MAX_TARGET = 366 * 86400; // as the server allows
const KINDS = [['first', 'firstResponseSeconds', 'First response'], ['resolution', 'resolutionSeconds', 'Resolution']];

/** Two number inputs (hours, minutes) for one target; id base `target-urgent-first`. */
function targetInput(priority, [kind, , title]) {
  const base = `target-${priority}-${kind}`;
  const described = `${base}-sum ${base}-error`;
  const hours = el('input', {type: 'number', id: base + '-h', min: '0', max: '8784', step: '1', inputmode: 'numeric',
    class: 'num-input', 'aria-describedby': described});
  const minutes = el('input', {type: 'number', id: base + '-m', min: '0', max: '59', step: '1', inputmode: 'numeric',
    class: 'num-input', 'aria-describedby': described});
  const sum = el('span', {class: 'target-sum muted small', id: base + '-sum'});
  const seconds = () => (Math.max(0, Math.floor(Number(hours.value) || 0)) * 60 +
    Math.max(0, Math.floor(Number(minutes.value) || 0))) * 60;
  const update = () => {
    sum.textContent = '= ' + duration(seconds());
  };
  hours.addEventListener('input', update);
  minutes.addEventListener('input', update);
  const who = `${label(priority)} ${title.toLowerCase()}`;
  const cell = el('td', {class: 'target-cell', dataset: {label: title}},
    el('div', {class: 'target-inputs'},
      el('label', {for: base + '-h', class: 'visually-hidden'}, `${who}, hours`), hours,
      el('span', {'aria-hidden': 'true'}, 'h'),
      el('label', {for: base + '-m', class: 'visually-hidden'}, `${who}, minutes`), minutes,
      el('span', {'aria-hidden': 'true'}, 'min'), sum),
    el('span', {class: 'field-error', id: base + '-error', 'aria-live': 'polite'}));
  return {
    cell,
    seconds,
    set(s) {
      const total = Math.round((Number(s) || 0) / 60);
      hours.value = String(Math.floor(total / 60));
      minutes.value = String(total % 60);
      update();
    },
  };
}

export function mount(root, {app}) {
  app.setTitle('SLA settings');
  const controller = new AbortController();
  const isAdmin = Boolean(app.user && app.user.role === 'admin');
  const targets = {};
  const bh = createBusinessHours();

  const percent = el('input', {type: 'number', id: 'approaching-percent', min: '1', max: '99', step: '1',
    class: 'num-input', 'aria-describedby': 'approaching-percent-hint approaching-percent-error'});
  const formError = el('div', {class: 'form-error', id: 'sla-settings-error', role: 'alert'});
  const status = el('span', {class: 'save-status', id: 'sla-save-status', role: 'status'});
  const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'sla-save'}, 'Save settings');
  const revert = el('button', {type: 'button', class: 'btn', id: 'sla-revert'}, 'Undo changes');

  const targetRows = PRIORITIES.map((p) => {
    targets[p] = KINDS.map((k) => targetInput(p, k));
    return el('tr', {dataset: {priority: p}},
      el('th', {scope: 'row'}, priorityPill(p)),
      targets[p].map((t) => t.cell));
  });

  const fieldset = el('fieldset', {class: 'settings-fieldset', id: 'sla-fieldset', disabled: !isAdmin},
    el('legend', {class: 'visually-hidden'}, 'SLA policy'),
    el('section', {class: 'settings-card', 'aria-labelledby': 'targets-title'},
      el('h2', {id: 'targets-title'}, 'Targets per priority'),
      el('p', {class: 'muted'}, 'First response: until the first public reply by staff. ' +
        'Resolution: until the ticket is resolved. Time pending or on hold does not count.'),
      el('div', {class: 'targets-wrap'},
        el('table', {class: 'targets-table', id: 'targets-table'},
          el('caption', {class: 'visually-hidden'}, 'SLA targets per priority, in hours and minutes'),
          el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'Priority'),
            KINDS.map(([, , title]) => el('th', {scope: 'col'}, title)))),
          el('tbody', null, targetRows))),
      el('span', {class: 'field-error', id: 'targets-error', 'aria-live': 'polite'})),
    el('section', {class: 'settings-card', 'aria-labelledby': 'approaching-title'},
      el('h2', {id: 'approaching-title'}, 'Approaching'),
      el('div', {class: 'field percent-field'},
        el('label', {for: 'approaching-percent'}, 'Warn when less than this share of a target is left'),
        el('div', {class: 'inline-input'}, percent, el('span', {'aria-hidden': 'true'}, '%')),
        el('span', {class: 'hint', id: 'approaching-percent-hint'},
          'A ticket’s SLA turns amber (approaching) then; 1 to 99.'),
        el('span', {class: 'field-error', id: 'approaching-percent-error', 'aria-live': 'polite'}))),
    bh.element);

  const form = el('form', {class: 'settings-form', id: 'sla-form', novalidate: true},
    formError, fieldset,
    isAdmin ? el('div', {class: 'form-actions sticky-actions settings-actions'}, save, revert, status) : null);

  const body = el('div', {id: 'sla-settings'}, el('p', {class: 'loading'}, 'Loading SLA settings…'));
  root.append(el('section', {class: 'view view-settings', 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'},
      el('div', {class: 'view-title-row'}, el('h1', {id: 'view-title', tabindex: '-1'}, 'SLA settings'))),
    isAdmin ? null : el('p', {class: 'notice notice-info', id: 'sla-readonly'},
      'Read only: these are the service-level targets your tickets are measured against. Only an admin can change them.'),
    body));

  let loaded = null; // the policy as the service last sent it: sent as `expected`, a save is refused if changed since

  function fill(policy) {
    loaded = policy;
    percent.value = String(policy.approachingPercent ?? 25);
    for (const p of PRIORITIES) {
      const found = (policy.policies || []).find((x) => x.priority === p) || {};
      targets[p][0].set(found.firstResponseSeconds);
      targets[p][1].set(found.resolutionSeconds);
    }
    bh.fill(policy.businessHours || null);
  }

  function value() {
    return {
      approachingPercent: percent.value === '' ? null : Number(percent.value),
      policies: PRIORITIES.map((p) => ({
        priority: p, firstResponseSeconds: targets[p][0].seconds(), resolutionSeconds: targets[p][1].seconds(),
      })),
      businessHours: bh.value(),
    };
  }

  /** API field name → id base of the control whose "-error" slot shows it. */
  function errorTarget(name, sent) {
    if (name === 'approachingPercent') return 'approaching-percent';
    const target = /^policies\[(\d+)\]\.(firstResponseSeconds|resolutionSeconds)$/.exec(name);
    if (target) {
      const entry = sent.policies[Number(target[1])];
      const kind = target[2] === 'firstResponseSeconds' ? 'first' : 'resolution';
      return entry ? `target-${entry.priority}-${kind}` : null;
    }
    if (/^policies/.test(name)) return 'targets';
    return bh.errorTarget(name);
  }

  /** Mistakes found before sending, as problem-JSON field errors. */
  function localErrors(sent) {
    const errors = [];
    const p = sent.approachingPercent;
    if (!Number.isInteger(p) || p < 1 || p > 99) {
      errors.push({field: 'approachingPercent', message: 'Enter a whole number from 1 to 99.'});
    }
    sent.policies.forEach((entry, i) => {
      for (const [, key, title] of KINDS) {
        const v = entry[key];
        if (v < 60 || v > MAX_TARGET) {
          errors.push({field: `policies[${i}].${key}`,
            message: `${title} target: enter at least 1 min and at most 366 days (8784 h).`});
        }
      }
    });
    return errors;
  }

  /** "must be a time zone name …" → "Must be a time zone name …"; seconds ranges in hours and minutes. */
  function friendly(message) {
    const text = String(message || '').replace(/whole number of seconds from 60 to \d+/, 'from 1 min to 366 days');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function placeError(id, message) {
    const slot = document.getElementById(id + '-error');
    if (!slot) return null;
    slot.textContent = slot.textContent ? slot.textContent + ' ' + message : message;
    const control = document.getElementById(id) || document.getElementById(id + '-h') ||
      document.getElementById(id + '-open') || (id === 'holidays' ? document.getElementById('holiday-new') : null);
    if (control) control.setAttribute('aria-invalid', 'true');
    return control || slot;
  }

  function showErrors(err, sent) {
    let first = null;
    const unplaced = [];
    for (const {field: name, message} of err.fieldErrors) {
      const holiday = /^businessHours\.holidays\[(\d+)\]$/.exec(name || '');
      const text = holiday ? `${sent.businessHours.holidays[Number(holiday[1])]}: ${message}` : friendly(message);
      const id = errorTarget(name || '', sent);
      const placed = id ? placeError(id, text) : null;
      if (placed) first = first || placed;
      else unplaced.push(name ? `${name}: ${message}` : message);
    }
    if (unplaced.length || !first) {
      replace(formError, el('div', {class: 'notice-title'}, 'Could not save the SLA settings'),
        el('div', null, err.message),
        unplaced.length ? el('ul', null, unplaced.map((u) => el('li', null, u))) : null);
    }
    const focusable = first && typeof first.focus === 'function' && !first.matches('span') ? first : formError;
    if (focusable === formError) formError.setAttribute('tabindex', '-1');
    focusable.focus();
  }

  async function onSave(event) {
    event.preventDefault();
    if (!isAdmin) return;
    clearErrors(form, formError);
    const sent = value();
    const mistakes = localErrors(sent);
    if (mistakes.length) {
      showErrors({fieldErrors: mistakes, message: 'Some values need fixing.'}, sent);
      return;
    }
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      const saved = await put(PATH, {...sent, expected: expectedOf(loaded)});
      const n = Number(saved && saved.retargeted) || 0;
      fill(saved || sent);
      status.textContent = `Saved; ${n} open ${n === 1 ? 'ticket' : 'tickets'} re-targeted`;
    } catch (err) {
      status.textContent = '';
      if (err.status === 401) return;
      if (isSettingsConflict(err)) {
        conflict(err, sent);
        return;
      }
      showErrors(err, sent);
    } finally {
      save.disabled = false;
    }
  }

  /** The policy as last read, without the "retargeted" count of a save's answer. */
  function expectedOf(policy) {
    if (!policy) return undefined;
    const {retargeted, ...rest} = policy;
    return rest;
  }

  /** Someone else saved first: show their settings, or put mine back on top of theirs. */
  function conflict(err, mine) {
    const theirs = err.problem.current;
    loaded = theirs;
    showSettingsConflict(formError, err, {
      id: 'sla-conflict', status,
      title: 'Not saved: the SLA settings changed meanwhile',
      theirsLabel: 'Show their settings (drop my changes)',
      mineLabel: 'Keep editing mine (Save replaces theirs)',
      onTheirs() {
        fill(theirs);
        return 'Showing the settings saved by another admin.';
      },
      onMine() {
        fill(mine);
        loaded = theirs; // Undo goes back to theirs; Save is based on theirs
        return 'Your settings are back; Save replaces the other admin’s.';
      },
    });
  }

  async function load() {
    try {
      const policy = await get(PATH, undefined, {signal: controller.signal});
      replace(body, form);
      fill(policy || {});
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      const retry = el('button', {type: 'button', class: 'btn', onclick: load}, 'Try again');
      replace(body, el('div', {class: 'notice', role: 'alert', id: 'sla-settings-load-error'},
        el('div', {class: 'notice-title'}, 'Could not load the SLA settings'), el('p', null, err.message),
        el('div', {class: 'notice-actions'}, retry)));
    }
  }

  clearErrorsOnEdit(form);
  // Errors sit in a row's or field's slot, not always under the edited control: clear the row's.
  form.addEventListener('input', (event) => {
    const box = event.target instanceof HTMLElement && event.target.closest('tr, .field');
    if (!box) return;
    for (const node of box.querySelectorAll('.field-error')) node.textContent = '';
    for (const node of box.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
  });
  form.addEventListener('input', () => {
    if (status.textContent.startsWith('Saved')) status.textContent = '';
  });
  form.addEventListener('submit', onSave);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  revert.addEventListener('click', () => {
    if (!loaded) return;
    clearErrors(form, formError);
    fill(loaded);
    status.textContent = 'Changes undone.';
  });
  load();
  return {unmount: () => controller.abort()};
}
