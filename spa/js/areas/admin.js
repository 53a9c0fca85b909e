// Administration (the system administrator): the branch's staff accounts and
// rooms: opening, changing, retiring them and setting passwords. The server
// holds every rule (password policy, usernames unique brokerage-wide, an admin
// cannot lock themselves out); this page sends the forms and shows the
// server's word on a field next to that field.
import { api } from '../api.js';
import { h, replaceChildren, styled } from '../dom.js';
import { fieldMessage, label, t } from '../i18n.js';
import { problemView, renderPagedTable, roleChips, tick } from '../views.js';

const ROLES = [
  'client_manager', 'analyst', 'callback_agent', 'hotline_agent', 'broker',
  'supervisor', 'admin',
];
const ROOM_KINDS = ['hall', 'medium', 'large', 'vip'];


// A form row: the control with its label, an optional hint, and a place for
// what the server says about this field (`name` as the API calls it).
// A group of checkboxes is a fieldset that names itself; anything else gets
// its label here.
function field(name, labelKey, control, hintKey) {
  const error = styled(h('div', {
    class: 'field-error', role: 'alert', testid: `admin-field-error-${name}`, hidden: true,
  }), { color: 'var(--danger)', marginTop: '2px' });
  const body = control.tagName === 'FIELDSET'
    ? control
    : h('label', {}, t(labelKey), control);
  const row = h('div', { class: 'field' },
    body,
    hintKey ? h('div', { class: 'muted' }, t(hintKey)) : null,
    error,
  );
  row.dataset.field = name;
  return row;
}

function textInput(name, props = {}) {
  return h('input', { name, testid: `admin-input-${name}`, ...props });
}

function group(legendKey, testid, ...ticks) {
  return h('fieldset', { testid }, h('legend', {}, t(legendKey)), ticks);
}

function rolesFieldset(checked = []) {
  return group('admin.field.roles', 'admin-input-roles',
    ROLES.map((role) => tick(
      { name: 'roles', value: role, checked: checked.includes(role), testid: `admin-role-${role}` },
      label('role', role),
    )),
  );
}

function activeFieldset(active, hintKey) {
  return group('admin.field.active', 'admin-input-active',
    tick({ name: 'is_active', checked: active, testid: 'admin-input-is_active' }, t(hintKey)));
}

function kindSelect(selected) {
  return h('select', { name: 'kind', testid: 'admin-input-kind' },
    ROOM_KINDS.map((kind) =>
      h('option', { value: kind, selected: kind === selected }, label('room.kind', kind))),
  );
}

// FastAPI puts where a value came from first ("body"); the form only needs the
// field, and for a list ("roles", 0) the list itself.
function fieldOf(loc = []) {
  const parts = loc[0] === 'body' ? loc.slice(1) : loc;
  return parts.length ? String(parts[0]) : '';
}

// Puts each field error under its field; what no field claims (a conflict, a
// refusal, an error without a field) goes above the buttons, in full.
function showProblem(form, general, failure) {
  const unplaced = [];
  for (const item of failure.errors ?? []) {
    const row = form.querySelector(`[data-field="${CSS.escape(fieldOf(item.loc))}"]`);
    if (!row) {
      unplaced.push(item);
      continue;
    }
    const error = row.querySelector('.field-error');
    error.append(h('div', {}, fieldMessage(item)));
    error.hidden = false;
    row.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  }
  // When every error sits beside its field there is nothing left to list here.
  const placedAll = failure.errors?.length && unplaced.length === 0;
  replaceChildren(general, placedAll ? null : problemView(failure));
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

// A card form that sends itself with `send(FormData)`. The browser's own
// checks are off (novalidate): the server's messages say more, in one place.
function adminForm({ testid, title, rows, submitKey, send, onDone, onCancel }) {
  const general = styled(h('div', { testid: `${testid}-error` }), { marginBottom: '12px' });
  const submit = h('button', {
    type: 'submit', class: 'button button-primary', testid: `${testid}-submit`,
  }, t(submitKey));
  const form = h('form', { class: 'card', testid, novalidate: true },
    h('h2', {}, title),
    rows,
    general,
    submit,
    ' ',
    h('button', {
      type: 'button', class: 'button', testid: `${testid}-cancel`, onclick: onCancel,
    }, t('admin.cancel')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    clearProblems(form, general);
    try {
      const result = await send(new FormData(form));
      await onDone(result);
    } catch (failure) {
      showProblem(form, general, failure);
      submit.disabled = false;
    }
  });
  return form;
}

function savedNotice(text) {
  return h('div', { class: 'notice', role: 'status', testid: 'admin-saved' }, text);
}

// The frame every admin page shares: a toolbar, a slot for the open form or a
// notice, and the paged table, which reloads after each save.
function adminPage(el, { newKey, newTestid, table }) {
  const slot = h('div', { testid: 'admin-form-slot' });
  const tableSlot = h('div', {});
  const page = {
    open(form) {
      replaceChildren(slot, styled(form, { marginBottom: '16px' }));
      form.querySelector('input, select')?.focus();
    },
    close() {
      replaceChildren(slot);
    },
    async saved(text) {
      replaceChildren(slot, styled(savedNotice(text), { marginBottom: '16px' }));
      await renderPagedTable(tableSlot, table);
    },
  };
  const toolbar = styled(h('div', {},
    h('button', {
      type: 'button', class: 'button button-primary', testid: newTestid,
      onclick: () => page.open(page.newForm()),
    }, t(newKey)),
  ), { marginBottom: '16px' });
  replaceChildren(el, toolbar, slot, tableSlot);
  page.load = () => renderPagedTable(tableSlot, table);
  return page;
}

function actionButton(testid, key, onclick) {
  return styled(h('button', { type: 'button', class: 'button', testid, onclick }, t(key)),
    { marginRight: '6px' });
}

function statusView(active, activeKey, inactiveKey) {
  return active
    ? h('span', { class: 'status status-ok' }, t(activeKey))
    : h('span', { class: 'status status-off' }, t(inactiveKey));
}

// An empty text box means "none": the API takes null for that.
function orNull(value) {
  const text = String(value ?? '').trim();
  return text === '' ? null : text;
}

// ---- staff accounts --------------------------------------------------------

function newStaffForm(page) {
  return adminForm({
    testid: 'admin-staff-form',
    title: t('admin.staff.newTitle'),
    rows: [
      field('username', 'admin.field.username',
        textInput('username', { autocomplete: 'off', maxlength: 64 }), 'admin.hint.username'),
      field('full_name', 'admin.field.fullName', textInput('full_name', { maxlength: 100 })),
      field('roles', 'admin.field.roles', rolesFieldset()),
      field('adviser_qualification_no', 'admin.field.qualification',
        textInput('adviser_qualification_no', { maxlength: 32 }), 'admin.hint.qualification'),
      field('password', 'admin.field.initialPassword',
        textInput('password', { type: 'password', autocomplete: 'new-password' }),
        'admin.hint.password'),
    ],
    submitKey: 'admin.staff.create',
    send: (data) => api.post('/visits/directory/staff', {
      username: data.get('username').trim(),
      full_name: data.get('full_name'),
      roles: data.getAll('roles'),
      adviser_qualification_no: orNull(data.get('adviser_qualification_no')),
      password: data.get('password'),
    }),
    onDone: (staff) => page.saved(t('admin.staff.created', { username: staff.username })),
    onCancel: page.close,
  });
}

function editStaffForm(page, staff) {
  return adminForm({
    testid: 'admin-staff-edit-form',
    title: t('admin.staff.editTitle', { username: staff.username }),
    rows: [
      field('full_name', 'admin.field.fullName',
        textInput('full_name', { maxlength: 100, value: staff.full_name })),
      field('roles', 'admin.field.roles', rolesFieldset(staff.roles)),
      field('adviser_qualification_no', 'admin.field.qualification',
        textInput('adviser_qualification_no', {
          maxlength: 32, value: staff.adviser_qualification_no ?? '',
        }), 'admin.hint.qualification'),
      field('is_active', 'admin.field.active',
        activeFieldset(staff.is_active, 'admin.field.activeHint')),
    ],
    submitKey: 'admin.save',
    send: (data) => api.patch(`/visits/directory/staff/${staff.id}`, {
      full_name: data.get('full_name'),
      roles: data.getAll('roles'),
      adviser_qualification_no: orNull(data.get('adviser_qualification_no')),
      is_active: data.get('is_active') === 'on',
    }),
    onDone: () => page.saved(t('admin.saved')),
    onCancel: page.close,
  });
}

function passwordForm(page, staff) {
  return adminForm({
    testid: 'admin-password-form',
    title: t('admin.password.title', { username: staff.username }),
    rows: [
      field('password', 'admin.field.newPassword',
        textInput('password', { type: 'password', autocomplete: 'new-password' }),
        'admin.hint.password'),
    ],
    submitKey: 'admin.password.submit',
    send: (data) => api.post(`/visits/directory/staff/${staff.id}/password`, {
      password: data.get('password'),
    }),
    onDone: () => page.saved(t('admin.password.done', { username: staff.username })),
    onCancel: page.close,
  });
}

function renderStaffPage(el) {
  const columns = [
    { labelKey: 'staff.username', value: (staff) => staff.username },
    { labelKey: 'staff.fullName', value: (staff) => staff.full_name },
    { labelKey: 'staff.roles', value: (staff) => roleChips(staff.roles) },
    {
      labelKey: 'staff.status',
      value: (staff) =>
        statusView(staff.is_active, 'staff.status.active', 'staff.status.inactive'),
    },
    { labelKey: 'staff.qualification', value: (staff) => staff.adviser_qualification_no },
    {
      labelKey: 'admin.actions',
      value: (staff) => h('span', {},
        actionButton(`admin-staff-edit-${staff.id}`, 'admin.edit',
          () => page.open(editStaffForm(page, staff))),
        actionButton(`admin-staff-password-${staff.id}`, 'admin.password.open',
          () => page.open(passwordForm(page, staff))),
      ),
    },
  ];
  const page = adminPage(el, {
    newKey: 'admin.staff.new',
    newTestid: 'admin-staff-new',
    table: { endpoint: '/visits/directory/staff', columns, testid: 'staff-table' },
  });
  page.newForm = () => newStaffForm(page);
  return page.load();
}

// ---- rooms -----------------------------------------------------------------

function roomForm(page, room) {
  const editing = room !== undefined;
  return adminForm({
    testid: editing ? 'admin-room-edit-form' : 'admin-room-form',
    title: editing ? t('admin.rooms.editTitle', { name: room.name }) : t('admin.rooms.newTitle'),
    rows: [
      field('name', 'admin.field.roomName',
        textInput('name', { maxlength: 100, value: room?.name ?? '' })),
      field('kind', 'admin.field.roomKind', kindSelect(room?.kind)),
      editing
        ? field('is_active', 'admin.field.active',
          activeFieldset(room.is_active, 'admin.field.roomActiveHint'))
        : null,
    ],
    submitKey: editing ? 'admin.save' : 'admin.rooms.create',
    send: (data) => {
      const body = { name: data.get('name'), kind: data.get('kind') };
      return editing
        ? api.patch(`/visits/directory/rooms/${room.id}`,
          { ...body, is_active: data.get('is_active') === 'on' })
        : api.post('/visits/directory/rooms', body);
    },
    onDone: (saved) => page.saved(editing
      ? t('admin.saved')
      : t('admin.rooms.created', { name: saved.name })),
    onCancel: page.close,
  });
}

function renderRoomsPage(el) {
  const columns = [
    { labelKey: 'rooms.name', value: (room) => room.name },
    { labelKey: 'rooms.kind', value: (room) => label('room.kind', room.kind) },
    {
      labelKey: 'admin.rooms.status',
      value: (room) =>
        statusView(room.is_active, 'admin.rooms.active', 'admin.rooms.inactive'),
    },
    {
      labelKey: 'admin.actions',
      value: (room) => actionButton(`admin-room-edit-${room.id}`, 'admin.edit',
        () => page.open(roomForm(page, room))),
    },
  ];
  const page = adminPage(el, {
    newKey: 'admin.rooms.new',
    newTestid: 'admin-room-new',
    table: { endpoint: '/visits/directory/rooms', columns, testid: 'rooms-table' },
  });
  page.newForm = () => roomForm(page);
  return page.load();
}

export const routes = [
  {
    path: '#/admin/staff',
    titleKey: 'nav.admin.staff',
    roles: ['admin'],
    render: (el) => renderStaffPage(el),
  },
  {
    path: '#/admin/rooms',
    titleKey: 'nav.admin.rooms',
    roles: ['admin'],
    render: (el) => renderRoomsPage(el),
  },
];
