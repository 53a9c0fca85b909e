// On-site service (services/visits): the day's visit plan and the weekly
// client exchange meetings.
import { renderEndpointPage } from '../views.js';

export const routes = [
  {
    path: '#/visits/today',
    titleKey: 'nav.visits.today',
    roles: ['client_manager'],
    render: (el) => renderEndpointPage(el, '/visits/plans/today'),
  },
  {
    path: '#/visits/meetings',
    titleKey: 'nav.visits.meetings',
    roles: ['client_manager', 'analyst', 'supervisor'],
    render: (el) => renderEndpointPage(el, '/visits/meetings'),
  },
];
