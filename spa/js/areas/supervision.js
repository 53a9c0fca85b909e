// Supervision: every duty as a number, required against done.
import { renderEndpointPage } from '../views.js';

export const routes = [
  {
    path: '#/supervision/compliance',
    titleKey: 'nav.supervision.compliance',
    roles: ['supervisor'],
    render: (el) => renderEndpointPage(el, '/visits/supervision/compliance'),
  },
];
