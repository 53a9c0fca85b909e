// Supervision: every duty as a number, required against done, and the
// settings those numbers come from.
//
// Compliance: each service answers GET /api/<service>/compliance?from=&to=
// [&staff_id=] with the same {"rows": [...]} shape, so one table serves them
// all; a service that does not offer it yet answers 404 and the page says so.
//
// Settings: daily quotas (visits and patrols under /api/visits, callbacks
// under /api/hotline), visit intervals per client tier, visit topics and the
// branch's calendar overrides. The server validates every value; the forms
// send what was typed and show the server's word next to the field it names.
import { api } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { branchDay } from '../format.js';
import { fieldMessage, label, t } from '../i18n.js';
import { dataTable, loadingView, notEnabledView, problemView } from '../views.js';

const SERVICES = ['visits', 'advisory', 'hotline'];
const DAY_MS = 24 * 60 * 60 * 1000;

const COLUMNS = [
  { labelKey: 'supervision.day', value: (row) => row.day },
  { labelKey: 'supervision.staff', value: (row) => row.staff_name },
  { labelKey: 'supervision.role', value: (row) => label('role', row.role) },
  { labelKey: 'supervision.duty', value: (row) => label('supervision.duty', row.duty) },
  { labelKey: 'supervision.required', value: (row) => String(row.required) },
  { labelKey: 'supervision.done', value: (row) => String(row.done) },
  {
    labelKey: 'supervision.met',
    value: (row) => h('span', {
      class: row.met ? 'status status-ok' : 'status status-off',
      testid: row.met ? 'compliance-met' : 'compliance-missed',
    }, t(row.met ? 'supervision.met.yes' : 'supervision.met.no')),
  },
];

function summary(rows) {
  const owed = rows.filter((row) => row.required > 0);
  const met = owed.filter((row) => row.met).length;
  return h('p', { class: 'muted', testid: 'compliance-summary' },
    t('supervision.summary', { met, total: owed.length }));
}

async function renderCompliance(el, { query }) {
  const service = SERVICES.includes(query.get('service')) ? query.get('service') : 'visits';
  const to = query.get('to') || branchDay(new Date());
  const from = query.get('from') || branchDay(new Date(Date.now() - 6 * DAY_MS));
  const staffId = query.get('staff_id') || '';

  const results = h('div', { testid: 'compliance-results' });
  const form = h('form', { class: 'card', testid: 'compliance-form' },
    h('label', { class: 'field' }, t('supervision.service'),
      h('select', { name: 'service', testid: 'compliance-service' },
        SERVICES.map((name) => h('option', { value: name, selected: name === service },
          t(`supervision.service.${name}`))))),
    h('label', { class: 'field' }, t('supervision.from'),
      h('input', { type: 'date', name: 'from', value: from, required: true, testid: 'compliance-from' })),
    h('label', { class: 'field' }, t('supervision.to'),
      h('input', { type: 'date', name: 'to', value: to, required: true, testid: 'compliance-to' })),
    h('label', { class: 'field' }, t('supervision.staffId'),
      h('input', { type: 'number', name: 'staff_id', min: 1, value: staffId, testid: 'compliance-staff' })),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'compliance-submit' },
      t('supervision.show')),
  );
  // The period lives in the address, so a table can be bookmarked or shared.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const name of ['service', 'from', 'to', 'staff_id']) {
      if (data.get(name)) params.set(name, data.get(name));
    }
    const next = `#/supervision/compliance?${params}`;
    if (location.hash === next) load();
    else location.hash = next;
  });
  replaceChildren(el, form, results);

  async function load() {
    replaceChildren(results, loadingView());
    try {
      const report = await api.get(`/${service}/compliance`, { from, to, staff_id: staffId });
      replaceChildren(results,
        summary(report.rows),
        h('div', { testid: 'compliance-table' }, dataTable(COLUMNS, report.rows)));
    } catch (error) {
      // A 404 of the service's own (an unknown person) is an answer; any
      // other 404 means the service has no compliance endpoint yet.
      const notOffered = error.status === 404 && !error.type.endsWith('/not-found');
      replaceChildren(results, notOffered ? notEnabledView() : problemView(error));
    }
  }
  await load();
}

// ---- settings: shared parts ----------------------------------------------

const ROLES = [
  'client_manager', 'analyst', 'callback_agent', 'hotline_agent', 'broker',
  'supervisor', 'admin',
];
// The duties each service keeps quotas for, and the role a new value is
// usually set for (preselected only: the server takes any role).
const QUOTA_DUTIES = [
  { duty: 'visit', service: 'visits', role: 'client_manager' },
  { duty: 'patrol', service: 'visits', role: 'client_manager' },
  { duty: 'callback', service: 'hotline', role: 'callback_agent' },
];
const QUOTA_SERVICES = [...new Set(QUOTA_DUTIES.map((item) => item.service))];

// A 404 of the service's own (an unknown record) is an answer; any other 404
// means the service does not offer the endpoint yet.
function failureView(error) {
  const notOffered = error.status === 404 && !error.type.endsWith('/not-found');
  return notOffered ? notEnabledView() : problemView(error);
}

// FastAPI puts where a value came from first ("body", "query"); a form row
// is named after the field itself.
function fieldOf(loc = []) {
  const sources = ['body', 'query', 'path'];
  const parts = sources.includes(loc[0]) ? loc.slice(1) : loc;
  return parts.length ? String(parts[0]) : '';
}

// A form row: label, control, an optional hint, and a place for what the
// server says about the field (`name` as the API calls it).
// With `hideLabel` the label is for screen readers only (a table's column
// already names it).
function field(formId, name, labelKey, control, { hintKey, hideLabel } = {}) {
  const text = hideLabel ? h('span', { class: 'visually-hidden' }, t(labelKey)) : t(labelKey);
  const row = h('div', { class: 'field' },
    h('label', {}, text, control),
    hintKey ? h('div', { class: 'field-hint muted' }, t(hintKey)) : null,
    h('div', {
      class: 'field-error', role: 'alert', testid: `${formId}-error-${name}`, hidden: true,
    }),
  );
  row.dataset.field = name;
  return row;
}

function clearProblems(form, general) {
  for (const error of form.querySelectorAll('.field-error')) {
    replaceChildren(error);
    error.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
  replaceChildren(general);
}

// Each field error goes under its field. A 409 names no field; `conflictFields`
// maps its problem type (the slug after the last "/") to the field the
// conflict is about, so "already set on that day" shows beside the day.
// Whatever no field claims is shown in full below the form.
function showProblem(form, general, failure, conflictFields = {}) {
  const items = [...(failure.errors ?? [])];
  const slug = (failure.type ?? '').split('/').pop();
  if (failure.status === 409 && items.length === 0 && conflictFields[slug]) {
    items.push({ loc: [conflictFields[slug]], msg: failure.detail || failure.title });
  }

  const unplaced = items.filter((item) => {
    const row = form.querySelector(`[data-field="${CSS.escape(fieldOf(item.loc))}"]`);
    if (!row) return true;
    const error = row.querySelector('.field-error');
    error.append(h('div', {}, fieldMessage(item)));
    error.hidden = false;
    row.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
    return false;
  });
  if (items.length === 0 || unplaced.length > 0) {
    replaceChildren(general, problemView(failure));
  }
}

// Sends the form with `send(FormData)` and hands the answer to `onDone`. The
// browser's own checks are off (novalidate): the server's messages say more.
function wireForm(form, { send, onDone, conflictFields }) {
  const general = h('div', {
    class: 'form-problem', testid: `${form.dataset.testid}-error`,
  });
  form.append(general);
  form.noValidate = true;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    clearProblems(form, general);
    try {
      const result = await send(new FormData(form));
      await onDone(result);
    } catch (failure) {
      showProblem(form, general, failure, conflictFields);
      submit.disabled = false;
    }
  });
  return form;
}

// A table row's own save is a plain button: a column of blue ones would shout.
function submitButton(testid, key, { primary = true } = {}) {
  const kind = primary ? 'button button-primary' : 'button';
  return h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: kind, testid }, t(key)));
}

// A whole number as typed; anything else goes as typed too, so the server
// names the problem instead of the page guessing a value.
function numberOrText(value) {
  const text = String(value ?? '').trim();
  if (text === '') return null;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

// A card with a heading and a hint whose body reloads itself after each
// change, with a line saying what was saved.
function settingsSection({ testid, titleKey, hintKey, load }) {
  const body = h('div', {});
  const el = h('section', { class: 'card section', testid },
    h('h2', {}, t(titleKey)),
    hintKey ? h('p', { class: 'section-hint muted' }, t(hintKey)) : null,
    body,
  );

  async function reload(savedText) {
    replaceChildren(body, loadingView());
    try {
      const parts = await load(reload);
      replaceChildren(body,
        savedText
          ? h('div', {
            class: 'notice notice-saved', role: 'status', testid: `${testid}-saved`,
          }, savedText)
          : null,
        parts);
    } catch (error) {
      replaceChildren(body, failureView(error));
    }
  }
  return { el, reload };
}

// ---- settings: daily quotas ----------------------------------------------

function quotaForm(formId, reload) {
  const role = h('select', { name: 'role', testid: 'settings-quota-role' },
    ROLES.map((code) => h('option', {
      value: code, selected: code === QUOTA_DUTIES[0].role,
    }, label('role', code))));
  const duty = h('select', {
    name: 'duty',
    testid: 'settings-quota-duty',
    onchange: () => {
      role.value = QUOTA_DUTIES.find((item) => item.duty === duty.value).role;
    },
  }, QUOTA_DUTIES.map((item) =>
    h('option', { value: item.duty }, t(`settings.duty.${item.duty}`))));

  const form = h('form', { class: 'form-row', testid: formId },
    field(formId, 'duty', 'settings.quota.duty', duty),
    field(formId, 'role', 'settings.quota.role', role),
    field(formId, 'daily_required', 'settings.quota.daily',
      h('input', {
        type: 'number', name: 'daily_required', step: 1, testid: 'settings-quota-daily',
      })),
    field(formId, 'effective_from', 'settings.quota.from',
      h('input', {
        type: 'date', name: 'effective_from', value: branchDay(new Date()),
        testid: 'settings-quota-from',
      })),
    submitButton('settings-quota-submit', 'settings.quota.submit'),
  );
  return wireForm(form, {
    send: (data) => {
      const { service } = QUOTA_DUTIES.find((item) => item.duty === data.get('duty'));
      return api.post(`/${service}/quotas`, {
        role: data.get('role'),
        duty: data.get('duty'),
        daily_required: numberOrText(data.get('daily_required')),
        effective_from: data.get('effective_from') || null,
      });
    },
    // The only conflict a quota has: a value for that role and duty already
    // starts on that day.
    conflictFields: { conflict: 'effective_from' },
    onDone: (quota) => reload(t('settings.quota.added', {
      duty: t(`settings.duty.${quota.duty}`),
      role: label('role', quota.role),
      value: quota.daily_required,
      from: quota.effective_from,
    })),
  });
}

async function staffNames() {
  try {
    const page = await api.get('/visits/directory/staff', { limit: 500 });
    return new Map(page.items.map((member) => [member.id, member.full_name]));
  } catch {
    // Names are a courtesy here; the history reads with ids as well.
    return new Map();
  }
}

async function loadQuotas(reload) {
  const [names, ...answers] = await Promise.all([
    staffNames(),
    ...QUOTA_SERVICES.map((service) => api.get(`/${service}/quotas`).then(
      (items) => ({ items }),
      (error) => ({ error }),
    )),
  ]);
  const failures = answers.filter((answer) => answer.error)
    .map((answer) => answer.error);
  if (failures.length === answers.length) throw failures[0];

  // Newest first, as each service lists its own.
  const history = answers.flatMap((answer) => answer.items ?? [])
    .sort((a, b) => b.effective_from.localeCompare(a.effective_from) || b.id - a.id);
  const columns = [
    { labelKey: 'settings.quota.from', value: (row) => row.effective_from },
    { labelKey: 'settings.quota.duty', value: (row) => label('settings.duty', row.duty) },
    { labelKey: 'settings.quota.role', value: (row) => label('role', row.role) },
    { labelKey: 'settings.quota.daily', value: (row) => String(row.daily_required) },
    {
      labelKey: 'settings.quota.setBy',
      value: (row) => (row.set_by_id === null
        ? null
        : names.get(row.set_by_id) ?? `#${row.set_by_id}`),
    },
  ];
  return [
    quotaForm('settings-quota-form', reload),
    failures.map(failureView),
    h('h3', {}, t('settings.quota.history')),
    h('div', { testid: 'settings-quota-history' }, dataTable(columns, history)),
  ];
}

// ---- settings: visit interval per tier -----------------------------------

function intervalForm(interval, reload) {
  const formId = `settings-interval-${interval.tier}`;
  const form = h('form', { class: 'form-cell', testid: formId },
    field(formId, 'interval_days', 'settings.interval.days',
      h('input', {
        type: 'number', name: 'interval_days', step: 1, value: interval.interval_days,
        class: 'input-narrow', testid: `${formId}-days`,
      }), { hideLabel: true }),
    submitButton(`${formId}-save`, 'settings.interval.save', { primary: false }),
  );
  return wireForm(form, {
    send: (data) => api.put(`/visits/tier-intervals/${interval.tier}`, {
      interval_days: numberOrText(data.get('interval_days')),
    }),
    onDone: (saved) => reload(t('settings.interval.saved', {
      tier: label('visits.tier', saved.tier), days: saved.interval_days,
    })),
  });
}

async function loadIntervals(reload) {
  const intervals = await api.get('/visits/tier-intervals');
  const columns = [
    { labelKey: 'settings.interval.tier', value: (row) => label('visits.tier', row.tier) },
    { labelKey: 'settings.interval.days', value: (row) => intervalForm(row, reload) },
    {
      labelKey: 'settings.interval.source',
      value: (row) => h('span', {
        class: row.is_default ? 'status status-off' : 'status status-ok',
        testid: `settings-interval-${row.tier}-source`,
      }, t(row.is_default ? 'settings.interval.default' : 'settings.interval.branch')),
    },
  ];
  return h('div', { testid: 'settings-intervals-table' }, dataTable(columns, intervals));
}

// ---- settings: visit topics ----------------------------------------------

function topicForm(formId, reload) {
  const form = h('form', { class: 'form-row', testid: formId },
    field(formId, 'code', 'settings.topics.code',
      h('input', { name: 'code', autocomplete: 'off', testid: 'settings-topic-code' }),
      { hintKey: 'settings.topics.codeHint' }),
    field(formId, 'label', 'settings.topics.label',
      h('input', { name: 'label', testid: 'settings-topic-label' })),
    submitButton('settings-topic-submit', 'settings.topics.add'),
  );
  return wireForm(form, {
    send: (data) => api.post('/visits/topics', {
      code: data.get('code').trim(),
      label: data.get('label'),
    }),
    conflictFields: { 'topic-already-exists': 'code' },
    onDone: (topic) => reload(t('settings.topics.added', { label: topic.label })),
  });
}

function topicToggle(topic, reload, problemSlot) {
  const next = !topic.is_active;
  return h('button', {
    type: 'button',
    class: 'button',
    testid: `settings-topic-${topic.code}-toggle`,
    onclick: async (event) => {
      event.target.disabled = true;
      replaceChildren(problemSlot);
      try {
        const path = `/visits/topics/${encodeURIComponent(topic.code)}/active?active=${next}`;
        await api.put(path);
        await reload(t(next ? 'settings.topics.activated' : 'settings.topics.deactivated',
          { label: topic.label }));
      } catch (failure) {
        replaceChildren(problemSlot, problemView(failure));
        event.target.disabled = false;
      }
    },
  }, t(next ? 'settings.topics.activate' : 'settings.topics.deactivate'));
}

async function loadTopics(reload) {
  const topics = await api.get('/visits/topics');
  const problemSlot = h('div', { testid: 'settings-topics-problem' });
  const columns = [
    { labelKey: 'settings.topics.code', value: (row) => row.code },
    { labelKey: 'settings.topics.label', value: (row) => row.label },
    {
      labelKey: 'settings.topics.status',
      value: (row) => h('span', {
        class: row.is_active ? 'status status-ok' : 'status status-off',
        testid: `settings-topic-${row.code}-status`,
      }, t(row.is_active ? 'settings.topics.active' : 'settings.topics.inactive')),
    },
    { labelKey: 'settings.actions', value: (row) => topicToggle(row, reload, problemSlot) },
  ];
  return [
    h('div', { testid: 'settings-topics-table' }, dataTable(columns, topics)),
    problemSlot,
    h('h3', {}, t('settings.topics.new')),
    topicForm('settings-topic-form', reload),
  ];
}

// ---- settings: calendar overrides ----------------------------------------

function calendarForm(formId, reload) {
  const form = h('form', { class: 'form-row', testid: formId },
    field(formId, 'day', 'settings.calendar.day',
      h('input', { type: 'date', name: 'day', testid: 'settings-calendar-day' })),
    field(formId, 'is_working_day', 'settings.calendar.kind',
      h('select', { name: 'is_working_day', testid: 'settings-calendar-kind' },
        h('option', { value: 'false' }, t('settings.calendar.closed')),
        h('option', { value: 'true' }, t('settings.calendar.working')))),
    field(formId, 'reason', 'settings.calendar.reason',
      h('input', { name: 'reason', testid: 'settings-calendar-reason' })),
    submitButton('settings-calendar-submit', 'settings.calendar.add'),
  );
  return wireForm(form, {
    send: (data) => api.post('/visits/calendar/overrides', {
      day: data.get('day') || null,
      is_working_day: data.get('is_working_day') === 'true',
      reason: data.get('reason'),
    }),
    conflictFields: { 'calendar-override-already-set': 'day' },
    onDone: (override) => reload(t('settings.calendar.added', { day: override.day })),
  });
}

// Removing asks once more in place: a second button confirms.
function removeOverride(override, reload, problemSlot) {
  const prefix = `settings-calendar-${override.id}`;
  const cell = h('span', {});
  const ask = () => replaceChildren(cell,
    h('button', {
      type: 'button', class: 'button', testid: `${prefix}-remove`, onclick: offerConfirm,
    }, t('settings.calendar.remove')));
  async function remove(event) {
    event.target.disabled = true;
    replaceChildren(problemSlot);
    try {
      await api.delete(`/visits/calendar/overrides/${override.id}`);
      await reload(t('settings.calendar.removed', { day: override.day }));
    } catch (failure) {
      replaceChildren(problemSlot, problemView(failure));
      ask();
    }
  }
  function offerConfirm() {
    replaceChildren(cell,
      h('button', {
        type: 'button', class: 'button button-danger', testid: `${prefix}-confirm`,
        onclick: remove,
      }, t('settings.calendar.confirmRemove')),
      ' ',
      h('button', { type: 'button', class: 'button', testid: `${prefix}-keep`, onclick: ask },
        t('settings.cancel')));
  }
  ask();
  return cell;
}

async function loadCalendar(reload) {
  const overrides = await api.get('/visits/calendar/overrides');
  const problemSlot = h('div', { testid: 'settings-calendar-problem' });
  const columns = [
    { labelKey: 'settings.calendar.day', value: (row) => row.day },
    {
      labelKey: 'settings.calendar.kind',
      value: (row) => t(row.is_working_day
        ? 'settings.calendar.working'
        : 'settings.calendar.closed'),
    },
    { labelKey: 'settings.calendar.reason', value: (row) => row.reason },
    {
      labelKey: 'settings.calendar.scope',
      value: (row) => t(row.branch_id === null
        ? 'settings.calendar.scope.all'
        : 'settings.calendar.scope.branch'),
    },
    // An override without a branch is the brokerage's, not this branch's to remove.
    {
      labelKey: 'settings.actions',
      value: (row) => row.branch_id === null ? null : removeOverride(row, reload, problemSlot),
    },
  ];
  return [
    calendarForm('settings-calendar-form', reload),
    h('h3', {}, t('settings.calendar.list')),
    h('div', { testid: 'settings-calendar-table' }, dataTable(columns, overrides)),
    problemSlot,
  ];
}

async function renderSettings(el) {
  const sections = [
    settingsSection({
      testid: 'settings-quotas', titleKey: 'settings.quota.title',
      hintKey: 'settings.quota.hint', load: loadQuotas,
    }),
    settingsSection({
      testid: 'settings-intervals', titleKey: 'settings.interval.title',
      hintKey: 'settings.interval.hint', load: loadIntervals,
    }),
    settingsSection({
      testid: 'settings-topics', titleKey: 'settings.topics.title',
      hintKey: 'settings.topics.hint', load: loadTopics,
    }),
    settingsSection({
      testid: 'settings-calendar', titleKey: 'settings.calendar.title',
      hintKey: 'settings.calendar.hint', load: loadCalendar,
    }),
  ];
  replaceChildren(el, sections.map((section) => section.el));
  await Promise.all(sections.map((section) => section.reload()));
}

export const routes = [
  {
    path: '#/supervision/compliance',
    titleKey: 'nav.supervision.compliance',
    roles: ['supervisor'],
    render: (el, ctx) => renderCompliance(el, ctx),
  },
  {
    path: '#/supervision/settings',
    titleKey: 'nav.supervision.settings',
    roles: ['supervisor'],
    render: (el) => renderSettings(el),
  },
];
