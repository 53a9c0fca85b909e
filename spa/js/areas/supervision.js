// Supervision: every duty as a number, required against done. Each service
// answers GET /api/<service>/compliance?from=&to=[&staff_id=] with the same
// {"rows": [...]} shape, so one table serves them all; a service that does
// not offer it yet answers 404 and the page says so.
import { api } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { label, t } from '../i18n.js';
import { dataTable, loadingView, notEnabledView, problemView } from '../views.js';

const SERVICES = ['visits', 'advisory', 'hotline'];
const DAY_MS = 24 * 60 * 60 * 1000;

// A business day is the branch's local day, not the browser's or UTC's.
function branchDay(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(date);
}

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

export const routes = [
  {
    path: '#/supervision/compliance',
    titleKey: 'nav.supervision.compliance',
    roles: ['supervisor'],
    render: (el, ctx) => renderCompliance(el, ctx),
  },
];
