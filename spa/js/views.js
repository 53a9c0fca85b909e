// Building blocks the area pages share: loading and error states, the notice
// for a part of Branchdesk the server does not offer yet, and paged tables.
import { h, replaceChildren } from './dom.js';
import { fieldMessage, has, label, t } from './i18n.js';
import { api } from './api.js';

const PAGE_SIZE = 50;

export function loadingView() {
  return h('p', { class: 'muted', role: 'status' }, t('common.loading'));
}

// Shows the server's own explanation (`detail`) and, for a 422, which field is
// wrong and why, so a person can correct the form without guessing.
// `fieldLabels` maps a field's name to the label the form shows for it.
export function problemView(error, fieldLabels = {}) {
  if (error.isNetworkError) {
    return h('div', { class: 'notice notice-error', role: 'alert', testid: 'problem' },
      t('common.error.network'));
  }
  const fieldErrors = (error.errors ?? []).map((item) => {
    const name = fieldName(item.loc);
    return h('li', { testid: `problem-field-${name}` },
      h('strong', {}, fieldLabels[name] ?? name), ': ', fieldMessage(item));
  });
  // The title by status in the UI's language; the server's detail, which is
  // English, only where no field list already says what is wrong.
  const titleKey = `common.problem.${error.status}`;
  return h('div', { class: 'notice notice-error', role: 'alert', testid: 'problem' },
    h('strong', {}, has(titleKey) ? t(titleKey) : (error.title || t('common.error'))),
    error.detail && !fieldErrors.length ? h('p', {}, error.detail) : null,
    fieldErrors.length ? h('p', {}, t('common.error.fields')) : null,
    fieldErrors.length ? h('ul', {}, fieldErrors) : null,
  );
}

// FastAPI puts where a value came from first ("body", "query"); the person
// filling in a form only needs the field's own name.
function fieldName(loc = []) {
  const parts = loc.filter((part, index) => index > 0 || !isSource(part));
  return parts.join('.');
}

function isSource(part) {
  return ['body', 'query', 'path', 'header', 'cookie'].includes(part);
}

export function notEnabledView() {
  return h('div', { class: 'notice', testid: 'not-enabled' }, t('common.notEnabled'));
}

export function roleChips(roles) {
  return roles.map((role) => h('span', { class: 'chip' }, label('role', role)));
}

export function emptyView() {
  return h('p', { class: 'muted' }, t('common.empty'));
}

// columns: [{ labelKey, value: (row) => string | Node }]
export function dataTable(columns, rows) {
  if (rows.length === 0) return emptyView();
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {},
        columns.map((col) => h('th', { scope: 'col' }, t(col.labelKey))))),
      h('tbody', {}, rows.map((row) =>
        h('tr', {}, columns.map((col) => h('td', {}, cell(col.value(row))))),
      )),
    ),
  );
}

function cell(value) {
  return value === null || value === undefined || value === '' ? t('common.none') : value;
}

// A table over an endpoint that answers the shared page shape
// {items, total, limit, offset}, with previous/next buttons. A 404 means the
// server does not offer that part of Branchdesk yet.
export async function renderPagedTable(el, { endpoint, query = {}, columns, testid }) {
  let offset = 0;

  async function load() {
    replaceChildren(el, loadingView());
    let page;
    try {
      page = await api.get(endpoint, { ...query, limit: PAGE_SIZE, offset });
    } catch (error) {
      replaceChildren(el, error.status === 404 ? notEnabledView() : problemView(error));
      return;
    }
    replaceChildren(el,
      h('div', { testid }, dataTable(columns, page.items)),
      pager(page, (next) => {
        offset = next;
        load();
      }),
    );
  }

  await load();
}

function pager({ items, total, offset }, goTo) {
  if (total <= items.length && offset === 0) return null;
  const from = items.length ? offset + 1 : 0;
  const to = offset + items.length;
  return h('div', { class: 'pager' },
    h('span', { class: 'muted' }, t('pager.range', { from, to, total })),
    h('button', {
      type: 'button', class: 'button', testid: 'pager-prev', disabled: offset === 0,
      onclick: () => goTo(Math.max(0, offset - PAGE_SIZE)),
    }, t('pager.prev')),
    h('button', {
      type: 'button', class: 'button', testid: 'pager-next', disabled: to >= total,
      onclick: () => goTo(offset + PAGE_SIZE),
    }, t('pager.next')),
  );
}

// For a page whose proper view has not been written yet: ask its endpoint,
// say so plainly on a 404, and otherwise show what the server answered as it
// is (a list as a table keyed by field name), so nothing on screen is invented.
export async function renderEndpointPage(el, endpoint, query = {}) {
  replaceChildren(el, loadingView());
  let data;
  try {
    data = await api.get(endpoint, query);
  } catch (error) {
    replaceChildren(el, error.status === 404 ? notEnabledView() : problemView(error));
    return;
  }
  replaceChildren(el, rawView(data));
}

function rawView(data) {
  // A bare list, a page ({items, ...}) or a report ({rows}).
  const rows = Array.isArray(data) ? data : data?.items ?? data?.rows;
  if (!Array.isArray(rows)) {
    return h('pre', { class: 'raw' }, JSON.stringify(data, null, 2));
  }
  if (rows.length === 0) return emptyView();
  const keys = Object.keys(rows[0]);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, keys.map((key) => h('th', { scope: 'col' }, key)))),
      h('tbody', {}, rows.map((row) =>
        h('tr', {}, keys.map((key) => h('td', {}, cell(plain(row[key]))))),
      )),
    ),
  );
}

function plain(value) {
  if (value === null || value === undefined) return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// A checkbox beside its own words (the stylesheet's `.choice`).
export function tick(props, text) {
  return h('label', { class: 'choice' }, h('input', { type: 'checkbox', ...props }), text);
}

// Sends a form's data with `send`, keeping the button disabled meanwhile; a
// refusal is shown under the form (as `errorTestid`), success goes to `onDone`.
export function submitForm(errorTestid, form, send, onDone) {
  const error = h('div', { testid: errorTestid });
  form.append(error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    replaceChildren(error);
    try {
      const result = await send(new FormData(form));
      await onDone(result);
    } catch (failure) {
      replaceChildren(error, problemView(failure));
      button.disabled = false;
    }
  });
  return form;
}
