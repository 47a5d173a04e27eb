// Routing settings (#/settings/routing, admins): the ordered list of routing rules.
// GET /api/routing/rules fills one card per rule (name, active, conditions,
// actions, move up/down, remove); Save sends the whole list with PUT. Field
// errors of the problem JSON ("[2].then.among") land next to their control
// (slot id "rule-2-then-among-error"). "Test this rule" asks
// POST /api/routing/rules/preview which recent tickets the rule would match
// and which of them a rule above it would take first.
import {get, put, post} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {clearErrors} from '../shared/forms.js';
import {PRIORITIES, CATEGORIES, CHANNELS, label, priorityPill} from '../shared/format.js';
import {loadStaff} from './people.js';
import {isSettingsConflict, showSettingsConflict} from './settings-conflict.js';

const PATH = '/api/routing/rules';

function words(text) {
  return String(text || '').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
}

/** A group of checkboxes for a closed set; values() gives the checked ones. */
function checks(id, legend, values, checked, describe = label) {
  const boxes = values.map((v) => el('input', {type: 'checkbox', id: `${id}-${v}`, value: v,
    checked: (checked || []).includes(v)}));
  const element = el('fieldset', {class: 'check-group', id},
    el('legend', null, legend),
    el('div', {class: 'check-row'}, boxes.map((box, i) =>
      el('label', {for: box.id, class: 'check'}, box, ' ', describe(values[i])))),
    el('span', {class: 'field-error', id: id + '-error', 'aria-live': 'polite'}));
  return {element, values: () => boxes.filter((b) => b.checked).map((b) => b.value)};
}

function textField(id, labelText, value, hint) {
  const input = el('input', {type: 'text', id, value: value || '', autocomplete: 'off',
    'aria-describedby': `${id}-hint ${id}-error`});
  const element = el('div', {class: 'field'},
    el('label', {for: id}, labelText), input,
    hint ? el('span', {class: 'hint', id: id + '-hint'}, hint) : null,
    el('span', {class: 'field-error', id: id + '-error', 'aria-live': 'polite'}));
  return {element, input};
}

/** One rule's card; `index` is its place in the list. */
function ruleCard(rule, index, staff, {onMove, onRemove, onTest, count}) {
  const base = `rule-${index}`;
  const when = rule.when || {};
  const then = rule.then || {};
  const name = textField(`${base}-name`, 'Name', rule.name, null);
  const active = el('input', {type: 'checkbox', id: `${base}-active`, checked: rule.active !== false});
  const category = checks(`${base}-when-category`, 'Category is', CATEGORIES, when.category);
  const channel = checks(`${base}-when-channel`, 'Channel is', CHANNELS, when.channel);
  const priority = checks(`${base}-when-priority`, 'Priority is', PRIORITIES, when.priority);
  const tags = textField(`${base}-when-tags`, 'Has any of the tags', (when.tags || []).join(', '), 'Comma separated');
  const subject = textField(`${base}-when-subjectContains`, 'Subject contains any of',
    (when.subjectContains || []).join(', '), 'Comma separated words or phrases; case does not matter');

  const mode = typeof then.assign === 'number' ? 'user' : then.assign || '';
  const assign = el('select', {id: `${base}-then-assign`, 'aria-describedby': `${base}-then-assign-error`},
    [['', 'Nobody (leave unassigned)'], ['user', 'One agent'], ['round_robin', 'Round robin among'],
      ['least_open', 'Fewest open tickets among']].map(([v, t]) => el('option', {value: v, selected: v === mode}, t)));
  const agent = el('select', {id: `${base}-then-user`, 'aria-label': 'Agent'},
    staff.map((p) => el('option', {value: String(p.id), selected: p.id === then.assign},
      p.name + (p.active === false ? ' (deactivated)' : ''))));
  const among = checks(`${base}-then-among`, 'Agents', staff.map((p) => String(p.id)),
    (then.among || []).map(String), (id) => {
      const p = staff.find((s) => String(s.id) === id);
      return p ? p.name + (p.active === false ? ' (deactivated)' : '') : '#' + id;
    });
  const setPriority = el('select', {id: `${base}-then-priority`, 'aria-describedby': `${base}-then-priority-error`},
    el('option', {value: ''}, 'Keep'), PRIORITIES.map((p) => el('option', {value: p, selected: then.priority === p},
      label(p))));
  const addTags = textField(`${base}-then-addTags`, 'Add tags', (then.addTags || []).join(', '), 'Comma separated');

  const agentBox = el('div', {class: 'field'}, el('label', {for: agent.id}, 'Agent'), agent);
  function showAssign() {
    agentBox.hidden = assign.value !== 'user';
    among.element.hidden = assign.value !== 'round_robin' && assign.value !== 'least_open';
  }
  assign.addEventListener('change', showAssign);
  showAssign();

  const preview = el('div', {class: 'rule-preview', id: `${base}-preview`, 'aria-live': 'polite'});
  const card = el('section', {class: 'settings-card rule-card', id: base, 'aria-labelledby': `${base}-title`},
    el('div', {class: 'rule-head'},
      el('h2', {id: `${base}-title`, class: 'rule-title'}, el('span', {class: 'rule-number'}, `${index + 1}.`), ' ',
        rule.name || 'New rule'),
      el('label', {for: active.id, class: 'check'}, active, ' Active'),
      el('div', {class: 'rule-tools'},
        el('button', {type: 'button', class: 'btn btn-small', disabled: index === 0, onclick: () => onMove(index, -1),
          'aria-label': `Move ${rule.name || 'rule'} up`}, '↑'),
        el('button', {type: 'button', class: 'btn btn-small', disabled: index === count - 1,
          onclick: () => onMove(index, 1), 'aria-label': `Move ${rule.name || 'rule'} down`}, '↓'),
        el('button', {type: 'button', class: 'btn btn-small btn-danger', onclick: () => onRemove(index)}, 'Remove'))),
    el('span', {class: 'field-error', id: `${base}-error`, 'aria-live': 'polite'}),
    name.element,
    el('div', {class: 'rule-columns'},
      el('div', {class: 'rule-when'}, el('h3', null, 'When a new ticket…'),
        el('p', {class: 'hint'}, 'Every filled-in condition must hold; within one, any value will do.'),
        category.element, channel.element, priority.element, tags.element, subject.element,
        el('span', {class: 'field-error', id: `${base}-when-error`, 'aria-live': 'polite'})),
      el('div', {class: 'rule-then'}, el('h3', null, 'Then'),
        el('div', {class: 'field'}, el('label', {for: assign.id}, 'Assign to'), assign,
          el('span', {class: 'field-error', id: `${base}-then-assign-error`, 'aria-live': 'polite'})),
        agentBox, among.element,
        el('div', {class: 'field'}, el('label', {for: setPriority.id}, 'Set priority'), setPriority,
          el('span', {class: 'field-error', id: `${base}-then-priority-error`, 'aria-live': 'polite'})),
        addTags.element,
        el('span', {class: 'field-error', id: `${base}-then-error`, 'aria-live': 'polite'}))),
    el('div', {class: 'rule-foot'},
      el('button', {type: 'button', class: 'btn', id: `${base}-test`, onclick: () => onTest(index)},
        'Test this rule on recent tickets')),
    preview);

  function value() {
    const out = {name: name.input.value.trim(), active: active.checked, when: {}, then: {}};
    const w = {category: category.values(), channel: channel.values(), priority: priority.values(),
      tags: words(tags.input.value), subjectContains: words(subject.input.value)};
    for (const [k, v] of Object.entries(w)) if (v.length) out.when[k] = v;
    if (assign.value === 'user') out.then.assign = Number(agent.value);
    else if (assign.value) out.then.assign = assign.value;
    if (assign.value === 'round_robin' || assign.value === 'least_open') {
      const ids = among.values().map(Number);
      if (ids.length) out.then.among = ids;
    }
    if (setPriority.value) out.then.priority = setPriority.value;
    const added = words(addTags.input.value);
    if (added.length) out.then.addTags = added;
    return out;
  }
  return {card, value, preview};
}

function previewResult(result) {
  const items = result.items || [];
  if (!items.length) {
    return el('p', {class: 'muted'}, `None of the ${result.checked} most recent tickets would match.`);
  }
  return [
    el('p', null, `${result.matched} of the ${result.checked} most recent tickets would match` +
      (items.some((i) => i.takenBy) ? '; some are taken first by a rule above.' : '.')),
    el('ul', {class: 'preview-list'}, items.slice(0, 20).map((t) => el('li', null,
      el('a', {href: '#/tickets/' + encodeURIComponent(t.ref), class: 'mono'}, t.ref), ' ', t.subject, ' ',
      priorityPill(t.priority), ' ', el('span', {class: 'chip'}, label(t.category)),
      t.takenBy ? el('span', {class: 'muted small'}, ` — taken by “${t.takenBy}”`) : null))),
  ];
}

export function mount(root, {app}) {
  app.setTitle('Routing');
  const controller = new AbortController();
  const isAdmin = Boolean(app.user && app.user.role === 'admin');
  let rules = [];
  let loaded = []; // the list as the service last sent it: a save is refused if another admin changed it since
  let cards = [];
  let staff = [];

  const list = el('div', {class: 'rule-list', id: 'rule-list'});
  const formError = el('div', {class: 'form-error', id: 'routing-error', role: 'alert'});
  const status = el('span', {class: 'save-status', id: 'routing-status', role: 'status'});
  const add = el('button', {type: 'button', class: 'btn', id: 'add-rule'}, '+ Add a rule');
  const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'routing-save'}, 'Save rules');
  const form = el('form', {class: 'settings-form', id: 'routing-form', novalidate: true},
    formError, list,
    el('div', {class: 'form-actions sticky-actions settings-actions'}, add, save, status));

  root.append(el('section', {class: 'view view-settings', 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'}, el('div', {class: 'view-title-row'},
      el('h1', {id: 'view-title', tabindex: '-1'}, 'Routing'))),
    el('p', {class: 'muted'}, 'Every new ticket — from agents, the portal, mail or the API — goes through these ' +
      'rules in order. The first active rule whose conditions all hold applies, and the ticket’s thread says which.'),
    isAdmin ? form : el('p', {class: 'notice notice-info', id: 'routing-admin-only'},
      'Only an admin can see and change the routing rules.')));

  function collect() {
    return cards.map((c) => c.value());
  }

  function render() {
    cards = rules.map((rule, i) => ruleCard(rule, i, staff, {onMove: move, onRemove: remove, onTest: test,
      count: rules.length}));
    replace(list, cards.length ? cards.map((c) => c.card)
      : el('div', {class: 'empty-state', id: 'routing-empty'},
        el('p', null, 'No rules yet: new tickets wait unassigned until someone picks them.'),
        el('p', {class: 'muted'}, 'Add a rule to assign billing questions to the billing team, take turns ' +
          'among agents, or raise the priority of anything that mentions “outage”.')));
  }

  function move(index, by) {
    rules = collect();
    const [rule] = rules.splice(index, 1);
    rules.splice(index + by, 0, rule);
    render();
    document.getElementById(`rule-${index + by}-name`)?.focus();
  }

  function remove(index) {
    rules = collect();
    rules.splice(index, 1);
    render();
  }

  add.addEventListener('click', () => {
    rules = collect();
    rules.push({name: '', active: true, when: {}, then: {}});
    render();
    document.getElementById(`rule-${rules.length - 1}-name`).focus();
  });

  async function test(index) {
    const card = cards[index];
    replace(card.preview, el('p', {class: 'muted'}, 'Looking at recent tickets…'));
    try {
      const result = await post('/api/routing/rules/preview', {rule: card.value(), position: index, limit: 100});
      replace(card.preview, previewResult(result));
    } catch (err) {
      const details = (err.fieldErrors || []).map((e) => `${e.field}: ${e.message}`);
      replace(card.preview, el('p', {class: 'field-error'}, err.message), details.length
        ? el('ul', null, details.map((d) => el('li', null, d))) : null);
    }
  }

  /** "[2].then.among[0]" → the slot "rule-2-then-among-error". */
  function place(field, message) {
    const m = /^\[(\d+)\](?:\.(when|then)(?:\.([A-Za-z]+))?)?(?:\.(name|active))?/.exec(field || '');
    if (!m) return false;
    const id = m[4] ? `rule-${m[1]}-${m[4]}` : m[3] ? `rule-${m[1]}-${m[2]}-${m[3]}` : m[2]
      ? `rule-${m[1]}-${m[2]}` : `rule-${m[1]}`;
    const slot = document.getElementById(id + '-error') || document.getElementById(`rule-${m[1]}-error`);
    if (!slot) return false;
    slot.textContent = (slot.textContent ? slot.textContent + ' ' : '') + message.charAt(0).toUpperCase() +
      message.slice(1) + '.';
    document.getElementById(id)?.setAttribute('aria-invalid', 'true');
    return true;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, formError);
    const sent = collect();
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      rules = await put(PATH, {rules: sent, expected: loaded});
      loaded = rules;
      render();
      status.textContent = `Saved ${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}.`;
    } catch (err) {
      status.textContent = '';
      if (err.status === 401) return;
      if (isSettingsConflict(err) && Array.isArray(err.problem.current)) {
        conflict(err, sent);
        return;
      }
      const unplaced = (err.fieldErrors || []).filter((e) => !place(e.field, e.message));
      replace(formError, el('div', {class: 'notice-title'}, 'Could not save the rules'), el('div', null, err.message),
        unplaced.length ? el('ul', null, unplaced.map((e) => el('li', null, `${e.field}: ${e.message}`))) : null);
      (form.querySelector('[aria-invalid="true"]') || formError).focus?.();
    } finally {
      save.disabled = false;
    }
  });

  /** Someone else saved first: show their rules, or put mine back on top of theirs. */
  function conflict(err, mine) {
    loaded = err.problem.current;
    showSettingsConflict(formError, err, {
      id: 'routing-conflict', status,
      title: 'Not saved: the rules changed meanwhile',
      theirsLabel: 'Show their rules (drop my changes)',
      mineLabel: 'Keep editing mine (Save replaces theirs)',
      onTheirs(theirs) {
        rules = theirs;
        render();
        return `Showing the ${theirs.length} ${theirs.length === 1 ? 'rule' : 'rules'} saved by another admin.`;
      },
      onMine() {
        rules = mine;
        render();
        return 'Your rules are back; Save replaces the other admin’s.';
      },
    });
  }

  async function load() {
    if (!isAdmin) return;
    try {
      [rules, staff] = await Promise.all([get(PATH, undefined, {signal: controller.signal}), loadStaff()]);
      loaded = rules;
      render();
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      replace(list, el('div', {class: 'notice', role: 'alert'}, 'Could not load the rules: ' + err.message));
    }
  }
  load();
  return {unmount: () => controller.abort()};
}
