// Consultation sheets (services/advisory): the sheets client managers fill in,
// and the queue analysts answer from.
import { renderEndpointPage } from '../views.js';

export const routes = [
  {
    path: '#/sheets',
    titleKey: 'nav.sheets.list',
    roles: ['client_manager', 'supervisor'],
    render: (el) => renderEndpointPage(el, '/advisory/sheets'),
  },
  {
    path: '#/sheets/queue',
    titleKey: 'nav.sheets.queue',
    roles: ['analyst', 'supervisor'],
    render: (el) => renderEndpointPage(el, '/advisory/queue'),
  },
];
