// Supervision: every duty as a number, required against done.
import { renderEndpointPage } from '../views.js';

// A business day is the branch's local day, not the browser's or UTC's.
function branchToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export const routes = [
  {
    path: '#/supervision/compliance',
    titleKey: 'nav.supervision.compliance',
    roles: ['supervisor'],
    render: (el) => {
      const today = branchToday();
      return renderEndpointPage(el, '/visits/compliance', { from: today, to: today });
    },
  },
];
