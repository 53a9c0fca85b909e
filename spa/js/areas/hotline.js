// Off-site service (services/hotline): a callback agent's day (the plan the
// server dealt out, progress against the quota, logging a call) and the two
// hotlines' queues with a ticket page showing its timeline and clocks. The
// server decides whom to call, what counts, who gets a ticket and when a
// clock breaches; these pages only show it and send the forms.
import { api } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatMoment as moment } from '../format.js';
import { label, t } from '../i18n.js';
import { dataTable, emptyView, loadingView, problemView, submitForm } from '../views.js';

const OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'declined'];
const TOPICS = ['investment_question', 'trading_software', 'new_services'];
const STATUSES = ['new', 'assigned', 'in_progress', 'waiting_on_client', 'resolved', 'closed'];
const PRIORITIES = ['normal', 'high', 'urgent'];
const LINES = ['investment', 'technical'];

function staffNames() {
  return api.get('/hotline/directory/staff', { limit: 200 })
    .then((page) => new Map(page.items.map((person) => [person.id, person.full_name])))
    .catch(() => new Map());
}

function choices(name, values, prefix, { type = 'radio', checked } = {}) {
  return values.map((value) =>
    h('label', { class: 'choice' },
      h('input', {
        type, name, value, checked: checked === value, required: type === 'radio',
        testid: `${name}-${value}`,
      }),
      ' ', t(`${prefix}.${value}`)));
}

// ---- a callback agent's day ----------------------------------------------

function callbackForm(client, onDone, onCancel) {
  const form = h('form', { class: 'card', testid: 'callback-form' },
    h('h2', {}, t('hotline.callback.title'), ' · ', client.full_name, ' ',
      h('span', { class: 'muted' }, client.phone)),
    h('fieldset', { class: 'field' }, h('legend', {}, t('hotline.callback.step1')),
      choices('outcome', OUTCOMES, 'hotline.outcome')),
    h('fieldset', { class: 'field' }, h('legend', {}, t('hotline.callback.step2')),
      choices('topics', TOPICS, 'hotline.topic', { type: 'checkbox' })),
    h('label', { class: 'field' }, t('hotline.callback.notes'),
      h('textarea', { name: 'notes', rows: 3, maxlength: 4000, testid: 'callback-notes' })),
    h('label', { class: 'field' }, t('hotline.callback.followUps'),
      h('textarea', { name: 'follow_ups', rows: 3, maxlength: 4000, testid: 'callback-follow-ups' })),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'callback-submit' },
      t('hotline.callback.submit')),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: onCancel }, t('hotline.cancel')),
  );
  return submitForm('hotline-form-error', form, (data) => api.post('/hotline/callbacks', {
    client_id: client.client_id,
    outcome: data.get('outcome'),
    topics: data.getAll('topics'),
    notes: data.get('notes'),
    follow_ups: data.get('follow_ups'),
  }), onDone);
}

function progressCard(agent) {
  const met = agent.done >= agent.required;
  return h('div', { class: 'card', testid: `callback-progress-${agent.agent_id}` },
    h('div', { class: 'muted' }, t('hotline.today.progress')),
    h('div', { class: 'lead' },
      h('span', { testid: 'callback-progress-done' }, String(agent.done)),
      ' / ',
      h('span', { testid: 'callback-progress-required' }, String(agent.required))),
    h('span', { class: met ? 'status status-ok' : 'status status-off' },
      t(met ? 'hotline.today.met' : 'hotline.today.open')));
}

function agentSection(agent, showName, openForm) {
  const columns = [
    { labelKey: 'hotline.plan.client', value: (c) => c.full_name },
    { labelKey: 'hotline.plan.phone', value: (c) => c.phone },
    { labelKey: 'hotline.plan.tier', value: (c) => label('hotline.tier', c.tier) },
    { labelKey: 'hotline.plan.reason', value: (c) => t(`hotline.reason.${c.reason}`) },
    { labelKey: 'hotline.plan.lastReached', value: (c) => moment(c.last_reached_at) },
    {
      labelKey: 'hotline.plan.today',
      value: (c) => c.called_today
        ? h('span', { class: 'status status-ok', testid: `plan-client-${c.client_id}-called` },
          t(`hotline.outcome.${c.called_today}`))
        : h('span', { class: 'status status-off' }, t('hotline.plan.pending')),
    },
    {
      labelKey: 'hotline.plan.actions',
      value: (c) => h('button', {
        type: 'button', class: 'button button-primary', testid: `plan-client-${c.client_id}-log`,
        onclick: () => openForm(c),
      }, t('hotline.plan.log')),
    },
  ];
  return h('section', { testid: `callback-plan-${agent.agent_id}` },
    showName ? h('h2', {}, agent.agent_name) : null,
    h('div', { class: 'cards' }, progressCard(agent)),
    h('div', { testid: 'callback-plan' }, dataTable(columns, agent.clients)),
  );
}

async function renderToday(el) {
  replaceChildren(el, loadingView());
  let plan;
  try {
    plan = await api.get('/hotline/callbacks/plan');
  } catch (error) {
    replaceChildren(el, problemView(error));
    return;
  }
  const formSlot = h('div', {});
  const close = () => replaceChildren(formSlot);
  const open = (client) => {
    replaceChildren(formSlot, callbackForm(client, () => renderToday(el), close));
    formSlot.scrollIntoView?.({ block: 'nearest' });
  };
  replaceChildren(el,
    h('p', { class: 'muted', testid: 'callback-day' }, t('hotline.today.day', { day: plan.day })),
    formSlot,
    plan.agents.length
      ? plan.agents.map((agent) => agentSection(agent, plan.agents.length > 1, open))
      : emptyView(),
  );
}

// ---- the hotline queues --------------------------------------------------

function clockText(clock) {
  if (clock.done_at) return t('hotline.clock.stopped', { at: moment(clock.done_at) });
  const left = clock.business_minutes_left;
  const text = left >= 0
    ? t('hotline.clock.left', { minutes: left })
    : t('hotline.clock.over', { minutes: -left });
  return clock.paused ? `${text} · ${t('hotline.clock.paused')}` : text;
}

function clockCell(clock) {
  return h('span', { class: clock.breached ? 'status status-breached' : 'status' },
    clockText(clock), clock.breached ? ` · ${t('hotline.clock.breached')}` : '');
}

// The caller is found by name, phone or account number, as they say it on
// the phone; a caller who is no client stays unknown and leaves a number.
function callerPicker() {
  const select = h('select', { name: 'caller_client_id', testid: 'ticket-client' },
    h('option', { value: '' }, t('hotline.ticket.callerUnknown')));
  const search = h('input', {
    type: 'search', placeholder: t('hotline.ticket.callerSearch'),
    'aria-label': t('hotline.ticket.callerSearch'), testid: 'ticket-client-search',
  });
  // Enter searches; it must not submit the half-filled ticket form.
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    search.dispatchEvent(new Event('change'));
  });
  search.addEventListener('change', async () => {
    const term = search.value.trim();
    const page = term
      ? await api.get('/hotline/directory/clients', { search: term, limit: 20 })
      : { items: [] };
    replaceChildren(select,
      h('option', { value: '' }, t('hotline.ticket.callerUnknown')),
      page.items.map((client) => h('option', { value: client.id, selected: page.items.length === 1 },
        `${client.full_name} · ${client.phone} · ${client.account_no}`)));
  });
  return h('div', { class: 'field' }, t('hotline.ticket.callerClient'), search, select);
}

// The caller's name, filled in once the directory answers; the number first.
function callerName(ticket) {
  if (!ticket.caller_client_id) return ticket.caller_phone ?? t('common.none');
  const el = h('span', {}, `#${ticket.caller_client_id}`);
  api.get(`/hotline/directory/clients/${ticket.caller_client_id}`)
    .then((client) => { el.textContent = `${client.full_name} · ${client.phone}`; })
    .catch(() => {});
  return el;
}

function ticketForm(line, onDone, onCancel) {
  const form = h('form', { class: 'card', testid: 'ticket-form' },
    h('h2', {}, t('hotline.ticket.new'), ' · ', t(`hotline.line.${line}`)),
    callerPicker(),
    h('label', { class: 'field' }, t('hotline.ticket.callerPhone'),
      h('input', { name: 'caller_phone', maxlength: 20, testid: 'ticket-phone' })),
    h('label', { class: 'field' }, t('hotline.ticket.summary'),
      h('input', { name: 'summary', required: true, maxlength: 200, testid: 'ticket-summary' })),
    h('label', { class: 'field' }, t('hotline.ticket.priority'),
      h('select', { name: 'priority', testid: 'ticket-priority' },
        PRIORITIES.map((p) => h('option', { value: p }, t(`hotline.priority.${p}`))))),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'ticket-submit' },
      t('hotline.ticket.create')),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: onCancel }, t('hotline.cancel')),
  );
  return submitForm('hotline-form-error', form, (data) => api.post('/hotline/tickets', {
    line,
    caller_client_id: data.get('caller_client_id') ? Number(data.get('caller_client_id')) : null,
    caller_phone: data.get('caller_phone').trim() || null,
    summary: data.get('summary'),
    priority: data.get('priority'),
  }), onDone);
}

// Supervisors see the breached clocks the clock-watch job escalated to them.
function escalationsView(escalations, names, onAcknowledge) {
  if (escalations.length === 0) return null;
  const columns = [
    {
      labelKey: 'hotline.ticket.number',
      value: (e) => h('a', { href: `#/hotline/tickets?id=${e.ticket_id}` }, `#${e.ticket_id}`),
    },
    { labelKey: 'hotline.escalation.clock', value: (e) => t(`hotline.escalation.${e.clock}`) },
    { labelKey: 'hotline.escalation.at', value: (e) => moment(e.escalated_at) },
    { labelKey: 'hotline.ticket.assignee', value: (e) => names.get(e.assignee_id) ?? e.assignee_id },
    {
      labelKey: 'hotline.plan.actions',
      value: (e) => h('button', {
        type: 'button', class: 'button', testid: `escalation-${e.id}-ack`,
        onclick: () => onAcknowledge(e),
      }, t('hotline.escalation.acknowledge')),
    },
  ];
  return h('section', { testid: 'escalations' },
    h('h2', {}, t('hotline.escalation.title')), dataTable(columns, escalations));
}

async function renderQueue(el, line, user) {
  replaceChildren(el, loadingView());
  let page;
  let names;
  let escalations;
  const supervises = user.roles.includes('supervisor');
  try {
    [page, names, escalations] = await Promise.all([
      api.get('/hotline/tickets', { line, open: true, limit: 200 }),
      staffNames(),
      supervises ? api.get('/hotline/escalations') : [],
    ]);
  } catch (error) {
    replaceChildren(el, problemView(error));
    return;
  }
  const formSlot = h('div', {});
  const columns = [
    {
      labelKey: 'hotline.ticket.number',
      value: (ticket) => h('a', { href: `#/hotline/tickets?id=${ticket.id}`, testid: `ticket-link-${ticket.id}` },
        `#${ticket.id}`),
    },
    { labelKey: 'hotline.ticket.summary', value: (ticket) => ticket.summary },
    { labelKey: 'hotline.ticket.priority', value: (ticket) => t(`hotline.priority.${ticket.priority}`) },
    { labelKey: 'hotline.ticket.status', value: (ticket) => t(`hotline.status.${ticket.status}`) },
    { labelKey: 'hotline.ticket.assignee', value: (ticket) => names.get(ticket.assignee_id) ?? ticket.assignee_id },
    { labelKey: 'hotline.clock.firstResponse', value: (ticket) => clockCell(ticket.first_response) },
    { labelKey: 'hotline.clock.resolution', value: (ticket) => clockCell(ticket.resolution) },
  ];
  replaceChildren(el,
    h('div', { class: 'tabs' }, LINES.map((other) => h('a', {
      href: `#/hotline/tickets?line=${other}`,
      class: other === line ? 'button button-primary' : 'button',
      testid: `queue-line-${other}`,
    }, t(`hotline.line.${other}`))),
    ' ',
    h('button', {
      type: 'button', class: 'button', testid: 'ticket-new',
      onclick: () => replaceChildren(formSlot, ticketForm(line,
        (ticket) => { location.hash = `#/hotline/tickets?id=${ticket.id}`; },
        () => replaceChildren(formSlot))),
    }, t('hotline.ticket.new'))),
    formSlot,
    escalationsView(escalations, names, async (escalation) => {
      try {
        await api.post(`/hotline/escalations/${escalation.id}/acknowledge`);
        await renderQueue(el, line, user);
      } catch (error) {
        replaceChildren(el, problemView(error));
      }
    }),
    h('h2', {}, t(`hotline.line.${line}`)),
    h('div', { testid: `queue-${line}` }, dataTable(columns, page.items)),
  );
}

// ---- one ticket ----------------------------------------------------------

function clockCard(titleKey, clock, testid) {
  return h('div', { class: 'card', testid },
    h('div', { class: 'muted' }, t(titleKey)),
    h('div', {}, t('hotline.clock.due', { at: moment(clock.due_at) })),
    h('div', { class: 'lead', testid: `${testid}-state` }, clockCell(clock)));
}

function statusForm(ticket, reload) {
  const form = h('form', { class: 'inline-form', testid: 'ticket-status-form' },
    h('select', { name: 'status', testid: 'ticket-status-select' },
      STATUSES.filter((s) => s !== ticket.status && s !== 'new' && s !== 'assigned')
        .map((s) => h('option', { value: s }, t(`hotline.status.${s}`)))),
    ' ',
    h('input', { name: 'note', maxlength: 4000, placeholder: t('hotline.ticket.note'), testid: 'ticket-status-note' }),
    ' ',
    h('button', { type: 'submit', class: 'button button-primary', testid: 'ticket-status-submit' },
      t('hotline.ticket.move')));
  return submitForm('hotline-form-error', form, (data) => api.post(`/hotline/tickets/${ticket.id}/status`, {
    status: data.get('status'), note: data.get('note'),
  }), reload);
}

function assignForm(ticket, agents, names, reload) {
  const form = h('form', { class: 'inline-form', testid: 'ticket-assign-form' },
    h('select', { name: 'agent_id', testid: 'ticket-assign-select' },
      h('option', { value: '' }, t('hotline.ticket.roundRobin')),
      agents.map((a) => h('option', { value: a.staff_id },
        `${names.get(a.staff_id) ?? a.staff_id}${a.on_duty ? '' : ` (${t('hotline.ticket.offDuty')})`}`))),
    ' ',
    h('button', { type: 'submit', class: 'button', testid: 'ticket-assign-submit' },
      t('hotline.ticket.assign')));
  return submitForm('hotline-form-error', form, (data) => api.post(`/hotline/tickets/${ticket.id}/assign`, {
    agent_id: data.get('agent_id') ? Number(data.get('agent_id')) : null,
  }), reload);
}

function handoffCard(handoff) {
  return h('div', { class: 'card', testid: 'ticket-handoff' },
      h('div', { class: 'muted' }, t('hotline.handoff.title')),
      h('div', { testid: 'ticket-handoff-status' }, t(`hotline.handoff.${handoff.status}`)),
      handoff.sheet_id ? h('div', {}, sheetLink(handoff.sheet_id, 'hotline.handoff.sheet')) : null,
      handoff.status === 'pending'
        ? h('div', { class: 'muted' }, t('hotline.handoff.retry', { at: moment(handoff.next_attempt_at) }))
        : null,
      handoff.last_error ? h('div', { class: 'muted' }, handoff.last_error) : null);
}

// A hand-off advisory refused may be sent again, corrected; a pending or sent
// one may not (the server answers 409).
function handoffView(ticket, reload) {
  if (ticket.line !== 'investment') return null;
  const handoff = ticket.handoff;
  if (handoff && handoff.status !== 'failed') return handoffCard(handoff);
  const form = h('form', { class: 'card', testid: 'handoff-form' },
    h('div', { class: 'muted' }, t(handoff ? 'hotline.handoff.resend' : 'hotline.handoff.title')),
    h('label', { class: 'field' }, t('hotline.handoff.question'),
      h('textarea', { name: 'question', rows: 3, required: true, maxlength: 4000, testid: 'handoff-question' })),
    h('button', { type: 'submit', class: 'button', testid: 'handoff-submit' }, t('hotline.handoff.submit')));
  const sent = submitForm('hotline-form-error', form, (data) => api.post(`/hotline/tickets/${ticket.id}/handoff`, {
    question: data.get('question'),
  }), reload);
  return handoff ? [handoffCard(handoff), sent] : sent;
}

function timeline(events, names) {
  return h('ol', { class: 'timeline', testid: 'ticket-timeline' }, events.map((event) =>
    h('li', { testid: `ticket-event-${event.kind}` },
      h('span', { class: 'muted' }, moment(event.at)), ' ',
      t(`hotline.event.${event.kind}`),
      event.to_status ? ` → ${t(`hotline.status.${event.to_status}`)}` : '',
      event.actor_id ? ` · ${names.get(event.actor_id) ?? event.actor_id}` : '',
      event.note ? h('div', {}, eventNote(event, names)) : null)));
}

// Notes the server writes as codes (services/hotline): an assignment as
// "<manual|round_robin>:<agent id>", a warning or escalation as the clock, a
// hand-off as "sheet:<id>". Anything else is the person's own words.
function eventNote(event, names) {
  const { kind, note } = event;
  const [code, value] = note.split(':');
  if (kind === 'assigned' && value) {
    return t(`hotline.note.assigned.${code}`, { name: names.get(Number(value)) ?? `#${value}` });
  }
  if (kind === 'warned' || kind === 'escalated') return label('hotline.clockName', note);
  if (kind === 'handoff_linked' && code === 'sheet' && value) {
    return sheetLink(value, 'hotline.note.handoffLinked');
  }
  return note;
}

function sheetLink(id, key) {
  return h('a', { href: `#/sheets?id=${id}`, testid: `sheet-link-${id}` }, t(key, { id }));
}

async function renderTicket(el, id) {
  replaceChildren(el, loadingView());
  let ticket;
  let agents;
  let names;
  try {
    [ticket, agents, names] = await Promise.all([
      api.get(`/hotline/tickets/${id}`), api.get('/hotline/lines'), staffNames(),
    ]);
  } catch (error) {
    replaceChildren(el, problemView(error));
    return;
  }
  const reload = () => renderTicket(el, id);
  const open = !['resolved', 'closed'].includes(ticket.status);
  replaceChildren(el,
    h('p', {}, h('a', { href: `#/hotline/tickets?line=${ticket.line}` }, t('hotline.ticket.back'))),
    h('h2', { testid: 'ticket-summary' }, `#${ticket.id} · ${ticket.summary}`),
    h('dl', { class: 'facts' },
      h('dt', {}, t('hotline.ticket.line')), h('dd', {}, t(`hotline.line.${ticket.line}`)),
      h('dt', {}, t('hotline.ticket.priority')), h('dd', {}, t(`hotline.priority.${ticket.priority}`)),
      h('dt', {}, t('hotline.ticket.status')),
      h('dd', { testid: 'ticket-status' }, t(`hotline.status.${ticket.status}`)),
      h('dt', {}, t('hotline.ticket.caller')),
      h('dd', { testid: 'ticket-caller' }, callerName(ticket)),
      h('dt', {}, t('hotline.ticket.assignee')),
      h('dd', { testid: 'ticket-assignee' }, names.get(ticket.assignee_id) ?? ticket.assignee_id ?? t('common.none'))),
    h('div', { class: 'cards' },
      clockCard('hotline.clock.firstResponse', ticket.first_response, 'ticket-clock-first-response'),
      clockCard('hotline.clock.resolution', ticket.resolution, 'ticket-clock-resolution')),
    open ? statusForm(ticket, reload) : null,
    open ? assignForm(ticket, agents.filter((a) => a.line === ticket.line), names, reload) : null,
    handoffView(ticket, reload),
    h('h3', {}, t('hotline.ticket.timeline')),
    timeline(ticket.events, names),
  );
}

async function renderTickets(el, { query, user }) {
  if (query.get('id')) {
    await renderTicket(el, Number(query.get('id')));
    return;
  }
  const line = LINES.includes(query.get('line')) ? query.get('line') : LINES[0];
  await renderQueue(el, line, user);
}

export const routes = [
  {
    path: '#/hotline/callbacks',
    titleKey: 'nav.hotline.callbacks',
    roles: ['callback_agent'],
    render: (el) => renderToday(el),
  },
  {
    path: '#/hotline/tickets',
    titleKey: 'nav.hotline.tickets',
    roles: ['hotline_agent', 'supervisor'],
    render: (el, ctx) => renderTickets(el, ctx),
  },
];
