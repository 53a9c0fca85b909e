// Administration: the branch's staff accounts and rooms, from the directory.
import { h } from '../dom.js';
import { t, label } from '../i18n.js';
import { renderPagedTable, roleChips } from '../views.js';

const STAFF_COLUMNS = [
  { labelKey: 'staff.username', value: (staff) => staff.username },
  { labelKey: 'staff.fullName', value: (staff) => staff.full_name },
  { labelKey: 'staff.roles', value: (staff) => roleChips(staff.roles) },
  {
    labelKey: 'staff.status',
    value: (staff) => staff.is_active
      ? h('span', { class: 'status status-ok' }, t('staff.status.active'))
      : h('span', { class: 'status status-off' }, t('staff.status.inactive')),
  },
  { labelKey: 'staff.qualification', value: (staff) => staff.adviser_qualification_no },
];

const ROOM_COLUMNS = [
  { labelKey: 'rooms.name', value: (room) => room.name },
  { labelKey: 'rooms.kind', value: (room) => label('room.kind', room.kind) },
];

export const routes = [
  {
    path: '#/admin/staff',
    titleKey: 'nav.admin.staff',
    roles: ['admin'],
    render: (el) => renderPagedTable(el, {
      endpoint: '/visits/directory/staff', columns: STAFF_COLUMNS, testid: 'staff-table',
    }),
  },
  {
    path: '#/admin/rooms',
    titleKey: 'nav.admin.rooms',
    roles: ['admin'],
    render: (el) => renderPagedTable(el, {
      endpoint: '/visits/directory/rooms', columns: ROOM_COLUMNS, testid: 'rooms-table',
    }),
  },
];
