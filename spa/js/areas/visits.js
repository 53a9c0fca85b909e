// On-site service (services/visits): a client manager's day (the visit plan,
// progress against each quota, logging a visit or a patrol) and the weekly
// client exchange meetings. The server decides whom to visit and what
// counts; this page only shows it and sends the forms.
import { api } from '../api.js';
import { h, replaceChildren, styled } from '../dom.js';
import { branchInputValue, instantFromBranchInput } from '../format.js';
import { label, t } from '../i18n.js';
import {
  dataTable, emptyView, loadingView, notEnabledView, problemView, submitForm, tick,
} from '../views.js';

const CHECKLIST = ['quote_screens', 'terminals', 'order', 'incidents'];


function block(el) {
  return styled(el, { display: 'block', width: '100%', marginTop: '4px' });
}

// A datetime-local input's value for now, on the branch's wall clock.
function nowLocalInput() {
  return branchInputValue(new Date());
}

// The moment a datetime-local value means, with its offset, as the API wants.
function toInstant(value) {
  return instantFromBranchInput(value);
}

function options(items, { value, text, selected, blank }) {
  return [
    blank ? h('option', { value: '' }, blank) : null,
    ...items.map((item) =>
      h('option', { value: value(item), selected: selected?.(item) }, text(item))),
  ];
}

function progressView(progress) {
  return h('div', { class: 'cards', testid: 'visits-progress' },
    progress.map((item) => {
      const met = item.done >= item.required;
      return h('div', { class: 'card', testid: `visits-progress-${item.duty}` },
        h('div', { class: 'muted' }, t(`visits.duty.${item.duty}`)),
        h('div', { class: 'lead' },
          h('span', { testid: `visits-progress-${item.duty}-done` }, String(item.done)),
          ' / ',
          h('span', { testid: `visits-progress-${item.duty}-required` }, String(item.required)),
        ),
        h('span', { class: met ? 'status status-ok' : 'status status-off' },
          t(met ? 'visits.progress.met' : 'visits.progress.open')),
      );
    }),
  );
}

// ---- forms ---------------------------------------------------------------

function visitForm({ entry, rooms, topics, onDone, onCancel }) {
  const form = h('form', { class: 'card', testid: 'visit-form' },
    h('h2', {}, t('visits.visit.title'), ' · ', entry.client_name),
    h('label', { class: 'field' }, t('visits.visit.time'),
      h('input', { type: 'datetime-local', name: 'visited_at', value: nowLocalInput(), required: true })),
    h('label', { class: 'field' }, t('visits.visit.room'),
      h('select', { name: 'room_id', testid: 'visit-room' },
        options(rooms, {
          value: (room) => room.id,
          text: (room) => room.name,
          selected: (room) => room.id === entry.room_id,
          blank: t('common.none'),
        }))),
    h('fieldset', { class: 'field' }, h('legend', {}, t('visits.visit.topics')),
      topics.filter((topic) => topic.is_active).map((topic) =>
        tick({ name: 'topics', value: topic.code }, topic.label))),
    h('label', { class: 'field' }, t('visits.visit.concerns'),
      block(h('textarea', { name: 'concerns', rows: 3, maxlength: 4000, testid: 'visit-concerns' }))),
    h('div', { class: 'field' },
      tick({ name: 'wants_consultation', testid: 'visit-consultation' }, t('visits.visit.consultation'))),
    h('label', { class: 'field' }, t('visits.visit.followUp'),
      h('input', { name: 'follow_up_action', maxlength: 200 })),
    h('label', { class: 'field' }, t('visits.visit.followUpDue'),
      h('input', { type: 'date', name: 'follow_up_due' })),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'visit-submit' },
      t('visits.visit.submit')),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: onCancel }, t('visits.cancel')),
  );
  return submitForm('visits-form-error', form, (data) => {
    const action = data.get('follow_up_action').trim();
    return api.post('/visits/visits', {
      client_id: entry.client_id,
      visited_at: toInstant(data.get('visited_at')),
      room_id: data.get('room_id') ? Number(data.get('room_id')) : null,
      topics: data.getAll('topics'),
      concerns: data.get('concerns'),
      wants_consultation: data.get('wants_consultation') === 'on',
      follow_ups: action ? [{ action, due_on: data.get('follow_up_due') }] : [],
    });
  }, onDone);
}

function patrolForm({ rooms, onDone, onCancel }) {
  const form = h('form', { class: 'card', testid: 'patrol-form' },
    h('h2', {}, t('visits.patrol.title')),
    h('label', { class: 'field' }, t('visits.patrol.room'),
      h('select', { name: 'room_id', required: true, testid: 'patrol-room' },
        options(rooms, { value: (room) => room.id, text: (room) => room.name }))),
    h('label', { class: 'field' }, t('visits.patrol.time'),
      h('input', { type: 'datetime-local', name: 'patrolled_at', value: nowLocalInput(), required: true })),
    h('fieldset', { class: 'field' }, h('legend', {}, t('visits.patrol.checklist')),
      CHECKLIST.map((item) => tick(
        { name: item, checked: true, testid: `patrol-check-${item}` },
        t(`visits.patrol.check.${item}`)))),
    h('label', { class: 'field' }, t('visits.patrol.clientsPresent'),
      h('input', { type: 'number', name: 'clients_present', min: 0, value: 0 })),
    h('label', { class: 'field' }, t('visits.patrol.notes'),
      block(h('textarea', { name: 'notes', rows: 3, maxlength: 4000 }))),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'patrol-submit' },
      t('visits.patrol.submit')),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: onCancel }, t('visits.cancel')),
  );
  return submitForm('visits-form-error', form, (data) => api.post('/visits/patrols', {
    room_id: Number(data.get('room_id')),
    patrolled_at: toInstant(data.get('patrolled_at')),
    checklist: Object.fromEntries(CHECKLIST.map((item) => [item, data.get(item) === 'on'])),
    clients_present: Number(data.get('clients_present') || 0),
    notes: data.get('notes'),
  }), onDone);
}

function swapForm({ entry, onDone, onCancel }) {
  const results = h('select', { name: 'client_id', required: true, testid: 'swap-client' });
  const search = h('input', { type: 'search', placeholder: t('visits.swap.search'), testid: 'swap-search' });
  async function find() {
    const page = await api.get('/visits/directory/clients',
      { segment: 'on_site', search: search.value.trim(), limit: 50 });
    replaceChildren(results, options(page.items.filter((c) => c.id !== entry.client_id), {
      value: (client) => client.id,
      text: (client) => `${client.full_name} · ${label('visits.tier', client.tier)}`,
    }));
  }
  search.addEventListener('change', find);
  const form = h('form', { class: 'card', testid: 'swap-form' },
    h('h2', {}, t('visits.swap.title'), ' · ', entry.client_name),
    h('label', { class: 'field' }, t('visits.swap.client'), search, results),
    h('label', { class: 'field' }, t('visits.swap.reason'),
      h('input', { name: 'reason', required: true, maxlength: 100, testid: 'swap-reason' })),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'swap-submit' },
      t('visits.swap.submit')),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: onCancel }, t('visits.cancel')),
  );
  find().catch(() => {});
  return submitForm('visits-form-error', form, (data) => api.post(`/visits/plans/entries/${entry.id}/swap`, {
    client_id: Number(data.get('client_id')),
    reason: data.get('reason'),
  }), onDone);
}

// ---- today ---------------------------------------------------------------

function planTable(plan, act) {
  const columns = [
    { labelKey: 'visits.plan.position', value: (entry) => String(entry.position) },
    { labelKey: 'visits.plan.client', value: (entry) => entry.client_name },
    { labelKey: 'visits.plan.tier', value: (entry) => label('visits.tier', entry.client_tier) },
    { labelKey: 'visits.plan.lastVisit', value: (entry) => entry.last_visited_on },
    {
      labelKey: 'visits.plan.status',
      value: (entry) => {
        if (entry.status === 'swapped_out') {
          return h('span', { class: 'muted' }, t('visits.plan.swappedOut'));
        }
        return entry.visited
          ? h('span', { class: 'status status-ok', testid: `plan-entry-${entry.id}-visited` },
            t('visits.plan.visited'))
          : h('span', { class: 'status status-off' }, t('visits.plan.pending'));
      },
    },
    { labelKey: 'visits.plan.reason', value: (entry) => entry.swap_reason },
    {
      labelKey: 'visits.plan.actions',
      value: (entry) => entry.status !== 'proposed' ? null : h('span', {},
        h('button', {
          type: 'button', class: 'button button-primary', testid: `plan-entry-${entry.id}-log`,
          onclick: () => act('visit', entry),
        }, t('visits.plan.log')),
        ' ',
        entry.visited ? null : h('button', {
          type: 'button', class: 'button', testid: `plan-entry-${entry.id}-swap`,
          onclick: () => act('swap', entry),
        }, t('visits.plan.swap')),
      ),
    },
  ];
  return h('div', { testid: 'visits-plan' }, dataTable(columns, plan.entries));
}

// `savedText`, after a save, says what was saved above the refreshed plan.
async function renderToday(el, savedText) {
  replaceChildren(el, loadingView());
  let plan;
  let rooms;
  let topics;
  try {
    [plan, rooms, topics] = await Promise.all([
      api.get('/visits/plans/today'),
      api.get('/visits/directory/rooms', { limit: 500 }),
      api.get('/visits/topics'),
    ]);
  } catch (error) {
    replaceChildren(el, error.status === 404 ? notEnabledView() : problemView(error));
    return;
  }

  const formSlot = h('div', { testid: 'visits-form-slot' },
    savedText
      ? h('div', { class: 'notice notice-saved', role: 'status', testid: 'visits-saved' }, savedText)
      : null);
  const activeRooms = rooms.items.filter((room) => room.is_active);
  const reload = () => renderToday(el);
  const close = () => replaceChildren(formSlot);
  const act = (kind, entry) => {
    const forms = {
      visit: () => visitForm({
        entry,
        rooms: activeRooms,
        topics,
        onDone: () => renderToday(el, t('visits.visit.saved', { name: entry.client_name })),
        onCancel: close,
      }),
      swap: () => swapForm({ entry, onDone: reload, onCancel: close }),
      patrol: () => patrolForm({ rooms: activeRooms, onDone: reload, onCancel: close }),
    };
    replaceChildren(formSlot, forms[kind]());
    formSlot.scrollIntoView({ block: 'nearest' });
  };

  replaceChildren(el,
    h('p', { class: 'muted', testid: 'visits-day' },
      t('visits.today.day', { day: plan.day }),
      plan.is_trading_day ? '' : ` · ${t('visits.today.notTrading')}`),
    progressView(plan.progress),
    h('p', {},
      h('button', {
        type: 'button', class: 'button', testid: 'visits-log-patrol',
        onclick: () => act('patrol', null),
      }, t('visits.patrol.log'))),
    formSlot,
    h('h2', {}, t('visits.plan.title')),
    plan.entries.length ? planTable(plan, act) : emptyView(),
  );
}

// ---- meetings ------------------------------------------------------------

function multiSelect(name, items, text, testid) {
  return block(h('select', { name, multiple: true, size: Math.min(8, Math.max(3, items.length)), testid },
    options(items, { value: (item) => item.id, text })));
}

function selectedIds(data, name) {
  return data.getAll(name).map(Number);
}

function meetingForm({ analysts, clients, onDone }) {
  const clientText = (client) => `${client.full_name} · ${label('visits.tier', client.tier)}`;
  const form = h('form', { class: 'card', testid: 'meeting-form' },
    h('h2', {}, t('visits.meeting.new')),
    h('label', { class: 'field' }, t('visits.meeting.day'),
      h('input', { type: 'date', name: 'day', required: true, testid: 'meeting-day' })),
    h('label', { class: 'field' }, t('visits.meeting.topic'),
      h('input', { name: 'topic', required: true, maxlength: 200, testid: 'meeting-topic' })),
    h('label', { class: 'field' }, t('visits.meeting.analysts'),
      multiSelect('speaker_staff_ids', analysts, (staff) => staff.full_name, 'meeting-analysts')),
    h('label', { class: 'field' }, t('visits.meeting.invited'),
      multiSelect('invited_client_ids', clients, clientText, 'meeting-invited')),
    h('label', { class: 'field' }, t('visits.meeting.clientSpeakers'),
      multiSelect('speaker_client_ids', clients, clientText, 'meeting-client-speakers')),
    h('label', { class: 'field' }, t('visits.meeting.notes'),
      block(h('textarea', { name: 'notes', rows: 3, maxlength: 4000 }))),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'meeting-submit' },
      t('visits.meeting.create')),
  );
  return submitForm('visits-form-error', form, (data) => api.post('/visits/meetings', {
    day: data.get('day'),
    topic: data.get('topic'),
    speaker_staff_ids: selectedIds(data, 'speaker_staff_ids'),
    invited_client_ids: selectedIds(data, 'invited_client_ids'),
    speaker_client_ids: selectedIds(data, 'speaker_client_ids'),
    notes: data.get('notes'),
  }), onDone);
}

function attendanceForm(meeting, clientsById, onDone) {
  const form = h('form', { testid: `meeting-${meeting.id}-attendance` },
    meeting.invited_client_ids.map((id) => tick(
      { name: 'attended', value: id, checked: meeting.attended_client_ids.includes(id) },
      clientsById.get(id)?.full_name ?? `#${id}`)),
    h('button', { type: 'submit', class: 'button' }, t('visits.meeting.saveAttendance')),
  );
  return submitForm('visits-form-error', form, (data) => api.patch(`/visits/meetings/${meeting.id}`, {
    attended_client_ids: selectedIds(data, 'attended'),
  }), onDone);
}

async function renderMeetings(el, { user }) {
  replaceChildren(el, loadingView());
  const organiser = user.roles.includes('client_manager') || user.roles.includes('supervisor');
  let meetings;
  let staff;
  let clients;
  try {
    const tiers = ['medium', 'large'];
    [meetings, staff, ...clients] = await Promise.all([
      api.get('/visits/meetings', { limit: 50 }),
      api.get('/visits/directory/staff', { limit: 500 }),
      ...tiers.map((tier) => api.get('/visits/directory/clients', { tier, limit: 500 })),
    ]);
  } catch (error) {
    replaceChildren(el, error.status === 404 ? notEnabledView() : problemView(error));
    return;
  }
  const invitable = clients.flatMap((page) => page.items);
  const clientsById = new Map(invitable.map((client) => [client.id, client]));
  const staffById = new Map(staff.items.map((member) => [member.id, member]));
  const analysts = staff.items.filter((member) => member.roles.includes('analyst') && member.is_active);
  const reload = () => renderMeetings(el, { user });
  const names = (ids, byId) => ids.map((id) => byId.get(id)?.full_name ?? `#${id}`).join('、');

  const columns = [
    { labelKey: 'visits.meeting.day', value: (m) => m.day },
    { labelKey: 'visits.meeting.topic', value: (m) => m.topic },
    {
      labelKey: 'visits.meeting.speakers',
      value: (m) => [names(m.speaker_staff_ids, staffById), names(m.speaker_client_ids, clientsById)]
        .filter(Boolean).join('；'),
    },
    {
      labelKey: 'visits.meeting.attendance',
      value: (m) => t('visits.meeting.attendanceCount',
        { attended: m.attended_client_ids.length, invited: m.invited_client_ids.length }),
    },
    { labelKey: 'visits.meeting.notes', value: (m) => m.notes },
    {
      labelKey: 'visits.plan.actions',
      value: (m) => organiser && m.invited_client_ids.length
        ? h('details', {}, h('summary', {}, t('visits.meeting.recordAttendance')),
          attendanceForm(m, clientsById, reload))
        : null,
    },
  ];

  replaceChildren(el,
    h('div', { testid: 'meetings-table' }, dataTable(columns, meetings.items)),
    organiser ? meetingForm({ analysts, clients: invitable, onDone: reload }) : null,
  );
}

export const routes = [
  {
    path: '#/visits/today',
    titleKey: 'nav.visits.today',
    roles: ['client_manager'],
    render: (el) => renderToday(el),
  },
  {
    path: '#/visits/meetings',
    titleKey: 'nav.visits.meetings',
    roles: ['client_manager', 'analyst', 'supervisor'],
    render: (el, ctx) => renderMeetings(el, ctx),
  },
];
