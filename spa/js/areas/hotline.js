// Off-site service (services/hotline): the callback agents' day and the
// tickets from the two hotlines.
import { renderEndpointPage } from '../views.js';

export const routes = [
  {
    path: '#/hotline/callbacks',
    titleKey: 'nav.hotline.callbacks',
    roles: ['callback_agent'],
    render: (el) => renderEndpointPage(el, '/hotline/callbacks/plan'),
  },
  {
    path: '#/hotline/tickets',
    titleKey: 'nav.hotline.tickets',
    roles: ['hotline_agent', 'supervisor'],
    render: (el) => renderEndpointPage(el, '/hotline/tickets'),
  },
];
