// Consultation sheets (services/advisory): the manager's sheet editor with its
// holdings grid, the analysts' queue with claim and answer form, and each
// sheet's page with delivery, feedback and timeline. The server decides
// everything (due times, who may do what, which step is allowed next); this
// module only shows its answers and sends the forms.
import { ApiError, api } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatMoment as when } from '../format.js';
import { getLang, label, t } from '../i18n.js';
import {
  dataTable, emptyView, loadingView, notEnabledView, problemView,
} from '../views.js';

const STATUSES = ['draft', 'submitted', 'claimed', 'answered', 'delivered', 'cancelled'];
const SUGGESTIONS = ['hold', 'add', 'reduce', 'exit'];
const RISK_LEVELS = ['C1', 'C2', 'C3', 'C4', 'C5'];
const CHANNELS = ['in_person', 'phone'];
const TOKEN_KEY = 'branchdesk.token';

// A sheet's version is its ETag; an edit sends it back so that a change
// someone else made meanwhile is refused (412) rather than overwritten.
function etagOf(sheet) {
  return `"${sheet.id}.${sheet.version}"`;
}

// The shared API client sends no custom headers, and an edit must carry
// If-Match: this one call goes through fetch itself.
async function patchWithVersion(path, json, etag) {
  const response = await fetch(`/api${path}`, {
    method: 'PATCH',
    headers: {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': getLang(),
      'Content-Type': 'application/json',
      'If-Match': etag,
      Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`,
    },
    body: JSON.stringify(json),
  });
  const body = await response.json().catch(() => ({ title: response.statusText }));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function statusChip(status) {
  return h('span', { class: `status sheet-status-${status}`, testid: 'sheet-status' },
    label('sheets.status', status));
}

function options(values, prefix, selected) {
  return values.map((value) =>
    h('option', { value, selected: value === selected }, label(prefix, value)));
}

// Runs `send` on submit, shows a problem in place, re-enables on failure.
function formWithErrors(form, send) {
  const error = h('div', { testid: 'sheets-form-error' });
  form.append(error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((button) => { button.disabled = true; });
    replaceChildren(error);
    try {
      await send(new FormData(form), event.submitter);
    } catch (failure) {
      replaceChildren(error, problemView(failure));
      buttons.forEach((button) => { button.disabled = false; });
    }
  });
  return form;
}

// The server flags an answer whose advice is above the client's risk level,
// in an English sentence; lists show that a flag is there, the sheet's own
// page the sentence itself.
function riskBadge() {
  return h('span', { class: 'badge badge-danger', testid: 'risk-badge' }, t('sheets.riskBadge'));
}

function sheetLink(sheet) {
  return h('a', { href: `#/sheets?id=${sheet.id}`, testid: `sheet-link-${sheet.id}` },
    `#${sheet.id}`);
}

const SUMMARY_COLUMNS = [
  { labelKey: 'sheets.col.id', value: sheetLink },
  { labelKey: 'sheets.col.client', value: (s) => s.client_name },
  { labelKey: 'sheets.col.status', value: (s) => statusChip(s.status) },
  {
    labelKey: 'sheets.col.priority',
    value: (s) => (s.is_high_end ? t('sheets.highEnd') : t('sheets.normal')),
  },
  { labelKey: 'sheets.col.due', value: (s) => when(s.due_at) },
  { labelKey: 'sheets.col.answered', value: (s) => when(s.answered_at) },
  { labelKey: 'sheets.col.flag', value: (s) => (s.risk_flag ? riskBadge() : null) },
];

// A list whose endpoint answers 404 belongs to a server without the advisory
// service; anything else is the server's own explanation.
async function loadOrExplain(el, load) {
  try {
    return await load();
  } catch (error) {
    replaceChildren(el, error.status === 404 ? notEnabledView() : problemView(error));
    return null;
  }
}

// ---- the list, with what the other side left undone ----------------------

async function renderList(el, ctx) {
  const id = ctx.query.get('id');
  if (id) {
    await renderSheet(el, Number(id), ctx);
    return;
  }
  replaceChildren(el, loadingView());
  const mine = ctx.query.get('mine') !== 'false';
  const status = ctx.query.get('status') ?? '';
  const loaded = await loadOrExplain(el, () => Promise.all([
    api.get('/advisory/sheets/attention'),
    api.get('/advisory/sheets', { mine, status, limit: 100 }),
  ]));
  if (!loaded) return;
  const [attention, page] = loaded;
  const filter = h('form', { class: 'toolbar', testid: 'sheets-filter' },
    h('label', {}, h('input', { type: 'checkbox', name: 'mine', checked: mine }),
      ' ', t('sheets.filter.mine')),
    ' ',
    h('select', { name: 'status', 'aria-label': t('sheets.col.status') },
      h('option', { value: '' }, t('sheets.filter.anyStatus')),
      options(STATUSES, 'sheets.status', status)),
    ' ',
    h('button', { type: 'submit', class: 'button' }, t('sheets.filter.apply')),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(filter);
    const query = new URLSearchParams({
      mine: data.get('mine') === 'on' ? 'true' : 'false',
      status: data.get('status'),
    });
    location.hash = `#/sheets?${query}`;
  });
  const isManager = ctx.user.roles.includes('client_manager');
  replaceChildren(el,
    isManager
      ? h('p', {}, h('a', { class: 'button button-primary', href: '#/sheets/new',
        testid: 'sheets-new' }, t('sheets.new')))
      : null,
    attentionView(attention),
    h('h2', {}, t('sheets.all')),
    filter,
    h('div', { testid: 'sheets-table' }, dataTable(SUMMARY_COLUMNS, page.items)),
  );
}

function attentionView({ late, undelivered }) {
  if (late.length === 0 && undelivered.length === 0) return null;
  return h('div', { class: 'card', testid: 'sheets-attention' },
    late.length ? h('h2', {}, t('sheets.attention.late')) : null,
    late.length ? h('div', { testid: 'attention-late' }, dataTable(SUMMARY_COLUMNS, late)) : null,
    undelivered.length ? h('h2', {}, t('sheets.attention.undelivered')) : null,
    undelivered.length
      ? h('div', { testid: 'attention-undelivered' }, dataTable(SUMMARY_COLUMNS, undelivered))
      : null,
  );
}

// ---- the editor: client, question, risk level, holdings grid ---------------

function holdingRow(index, line = {}) {
  return h('tr', { testid: `holding-row-${index}`, class: 'holding-row' },
    h('td', {}, h('input', {
      name: 'code', value: line.code ?? '', inputmode: 'numeric', pattern: '\\d{6}',
      maxlength: 6, required: true, size: 7, testid: `holding-code-${index}`,
      'aria-label': t('sheets.holding.code'),
    })),
    h('td', {}, h('input', {
      name: 'name', value: line.name ?? '', maxlength: 100, size: 10,
      placeholder: t('sheets.holding.nameAuto'), testid: `holding-name-${index}`,
      'aria-label': t('sheets.holding.name'),
    })),
    h('td', {}, h('input', {
      name: 'quantity', type: 'number', min: 1, step: 1, value: line.quantity ?? '',
      required: true, testid: `holding-qty-${index}`, 'aria-label': t('sheets.holding.quantity'),
    })),
    h('td', {}, h('input', {
      name: 'cost_price', type: 'number', min: 0.001, step: 0.001,
      value: line.cost_price ?? '', required: true, testid: `holding-cost-${index}`,
      'aria-label': t('sheets.holding.costPrice'),
    })),
    h('td', {}, h('button', {
      type: 'button', class: 'button', testid: `holding-remove-${index}`,
      onclick: (event) => event.target.closest('tr').remove(),
    }, t('sheets.holding.remove'))),
  );
}

function readHoldings(grid) {
  return [...grid.querySelectorAll('tr.holding-row')].map((row) => {
    const value = (name) => row.querySelector(`[name=${name}]`).value.trim();
    return {
      code: value('code'),
      name: value('name') || null,
      quantity: Number(value('quantity')),
      cost_price: value('cost_price'),
    };
  });
}

// A client manager writes sheets for the clients they manage; the server
// refuses anyone else's, so the picker offers only those.
async function clientPicker(selectedId, user) {
  const mine = user.roles.includes('client_manager') ? { manager_id: user.id } : {};
  const select = h('select', { name: 'client_id', required: true, testid: 'sheet-client' });
  const search = h('input', {
    type: 'search', placeholder: t('sheets.editor.searchClient'),
    testid: 'sheet-client-search', 'aria-label': t('sheets.editor.searchClient'),
  });

  async function load(term) {
    const page = await api.get('/advisory/directory/clients',
      { ...mine, search: term, limit: 50 });
    replaceChildren(select,
      h('option', { value: '' }, t('sheets.editor.chooseClient')),
      page.items.map((client) => h('option', {
        value: client.id, selected: client.id === selectedId,
      }, `${client.full_name} · ${label('sheets.tier', client.tier)} · ${client.risk_level}`)));
  }

  search.addEventListener('change', () => load(search.value.trim()));
  await load('');
  if (selectedId && !select.querySelector(`option[value="${selectedId}"]`)) {
    select.append(h('option', { value: selectedId, selected: true }, `#${selectedId}`));
  }
  return h('div', { class: 'field' }, t('sheets.editor.client'), search, select);
}

async function renderEditor(el, ctx) {
  replaceChildren(el, loadingView());
  const id = ctx.query.get('id');
  const sheet = id ? await api.get(`/advisory/sheets/${id}`) : null;
  const grid = h('tbody', { testid: 'holdings-grid' });
  let rows = 0;
  for (const line of sheet?.holdings ?? []) grid.append(holdingRow(rows++, line));

  const form = h('form', { class: 'card', testid: 'sheet-editor' },
    sheet ? h('p', {}, statusChip(sheet.status), ` #${sheet.id}`) : null,
    await clientPicker(sheet?.client_id, ctx.user),
    h('label', { class: 'field' }, t('sheets.editor.question'),
      h('textarea', { name: 'question', rows: 4, maxlength: 4000, required: true,
        testid: 'sheet-question' }, sheet?.question ?? '')),
    // The risk level is the client's own, taken by the server from the
    // client's record; the picker shows it beside each name.
    h('p', { class: 'muted', testid: 'sheet-risk' }, t('sheets.editor.riskFromClient')),
    h('h2', {}, t('sheets.editor.holdings')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('thead', {}, h('tr', {},
        ['code', 'name', 'quantity', 'costPrice'].map((key) =>
          h('th', { scope: 'col' }, t(`sheets.holding.${key}`))),
        h('th', {}))),
      grid)),
    h('p', {}, h('button', {
      type: 'button', class: 'button', testid: 'holding-add',
      onclick: () => grid.append(holdingRow(rows++)),
    }, t('sheets.holding.add'))),
    h('button', { type: 'submit', name: 'action', value: 'draft', class: 'button',
      testid: 'sheet-save-draft' }, t('sheets.editor.saveDraft')),
    ' ',
    h('button', { type: 'submit', name: 'action', value: 'submit',
      class: 'button button-primary', testid: 'sheet-submit' }, t('sheets.editor.submit')),
  );

  formWithErrors(form, async (data, submitter) => {
    const submit = submitter?.value === 'submit';
    const body = {
      question: data.get('question'),
      holdings: readHoldings(grid),
    };
    let saved;
    if (sheet) {
      saved = await patchWithVersion(`/advisory/sheets/${sheet.id}`, body, etagOf(sheet));
      if (submit && saved.status === 'draft') {
        saved = await api.post(`/advisory/sheets/${sheet.id}/submit`);
      }
    } else {
      saved = await api.post('/advisory/sheets', {
        ...body, client_id: Number(data.get('client_id')), submit,
      });
    }
    location.hash = `#/sheets?id=${saved.id}`;
  });
  replaceChildren(el, form);
}

// ---- one sheet: holdings, answer, delivery, feedback, timeline -------------

function factsView(sheet) {
  const fact = (key, value, testid) =>
    [h('dt', {}, t(key)), h('dd', { testid }, value ?? t('common.none'))];
  return h('dl', { class: 'facts', testid: 'sheet-facts' },
    fact('sheets.col.status', statusChip(sheet.status)),
    fact('sheets.col.client', sheet.client_name, 'sheet-client-name'),
    fact('sheets.editor.riskLevel', sheet.risk_level),
    fact('sheets.col.priority', sheet.is_high_end ? t('sheets.highEnd') : t('sheets.normal')),
    fact('sheets.col.due', when(sheet.due_at), 'sheet-due'),
    fact('sheets.editor.question', sheet.question),
    sheet.source_ticket_id ? fact('sheets.sourceTicket', `#${sheet.source_ticket_id}`) : null,
    sheet.cancel_reason ? fact('sheets.cancel.reason', sheet.cancel_reason) : null,
  );
}

function holdingsView(sheet) {
  const columns = [
    { labelKey: 'sheets.holding.code', value: (l) => l.code },
    { labelKey: 'sheets.holding.name', value: (l) => l.name },
    { labelKey: 'sheets.holding.quantity', value: (l) => String(l.quantity) },
    { labelKey: 'sheets.holding.costPrice', value: (l) => String(l.cost_price) },
    { labelKey: 'sheets.answer.analysis', value: (l) => l.analysis },
    {
      labelKey: 'sheets.answer.suggestion',
      value: (l) => (l.suggestion ? label('sheets.suggestion', l.suggestion) : null),
    },
    { labelKey: 'sheets.answer.note', value: (l) => l.suggestion_note },
  ];
  return h('div', { testid: 'sheet-holdings' }, dataTable(columns, sheet.holdings));
}

function answerView(sheet) {
  if (!sheet.answered_at) return null;
  // The server leaves the advice out for readers who may follow the sheet but
  // not read the advice (a hotline agent who handed the question over).
  if (sheet.overall_suggestion == null) {
    return h('div', { class: 'card', testid: 'sheet-answer-withheld' },
      h('h2', {}, t('sheets.answer.title')),
      h('p', { class: 'muted' }, t('sheets.answer.withheld')));
  }
  return h('div', { class: 'card', testid: 'sheet-answer' },
    h('h2', {}, t('sheets.answer.title')),
    sheet.risk_flag
      ? h('div', { class: 'notice notice-error', testid: 'sheet-risk-flag' },
        h('strong', {}, t('sheets.answer.riskFlag')),
        h('p', { testid: 'sheet-risk-flag-detail' }, sheet.risk_flag))
      : null,
    h('p', {}, h('strong', {}, label('sheets.suggestion', sheet.overall_suggestion)),
      ' · ', sheet.overall_analysis),
    h('p', { class: 'muted' }, t('sheets.answer.riskDisclosure'), ': ', sheet.risk_disclosure),
    sheet.research_publisher
      ? h('p', { class: 'muted' }, t('sheets.answer.research'), ': ',
        sheet.research_publisher, ' ', sheet.research_date)
      : null,
  );
}

function answerForm(sheet, reload) {
  const lines = sheet.holdings.map((line) => h('fieldset', { class: 'field holding-answer' },
    h('legend', {}, `${line.code} ${line.name}`),
    h('label', { class: 'field' }, t('sheets.answer.analysis'),
      h('textarea', { name: `analysis-${line.id}`, rows: 3, required: true, maxlength: 4000,
        testid: `answer-analysis-${line.id}` })),
    h('label', { class: 'field' }, t('sheets.answer.suggestion'),
      h('select', { name: `suggestion-${line.id}`, testid: `answer-suggestion-${line.id}` },
        options(SUGGESTIONS, 'sheets.suggestion'))),
    h('label', { class: 'field' }, t('sheets.answer.note'),
      h('input', { name: `note-${line.id}`, maxlength: 4000, testid: `answer-note-${line.id}` })),
  ));
  const form = h('form', { class: 'card', testid: 'answer-form' },
    h('h2', {}, t('sheets.answer.write')),
    lines,
    h('label', { class: 'field' }, t('sheets.answer.overall'),
      h('select', { name: 'overall_suggestion', testid: 'answer-overall-suggestion' },
        options(SUGGESTIONS, 'sheets.suggestion'))),
    h('label', { class: 'field' }, t('sheets.answer.analysis'),
      h('textarea', { name: 'overall_analysis', rows: 4, required: true, maxlength: 4000,
        testid: 'answer-overall-analysis' })),
    h('label', { class: 'field' }, t('sheets.answer.riskDisclosure'),
      h('textarea', { name: 'risk_disclosure', rows: 3, required: true, maxlength: 4000,
        testid: 'answer-risk-disclosure' })),
    h('label', { class: 'field' }, t('sheets.answer.adviceRisk'),
      h('select', { name: 'advice_risk_level', testid: 'answer-advice-risk' },
        h('option', { value: '' }, t('common.none')),
        RISK_LEVELS.map((level) => h('option', { value: level }, level)))),
    h('label', { class: 'field' }, t('sheets.answer.publisher'),
      h('input', { name: 'research_publisher', maxlength: 200, testid: 'answer-publisher' })),
    h('label', { class: 'field' }, t('sheets.answer.researchDate'),
      h('input', { name: 'research_date', type: 'date', testid: 'answer-research-date' })),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'answer-submit' },
      t('sheets.answer.submit')),
  );
  return formWithErrors(form, async (data) => {
    await api.post(`/advisory/sheets/${sheet.id}/answer`, {
      holdings: sheet.holdings.map((line) => ({
        holding_id: line.id,
        analysis: data.get(`analysis-${line.id}`),
        suggestion: data.get(`suggestion-${line.id}`),
        note: data.get(`note-${line.id}`) || null,
      })),
      overall_suggestion: data.get('overall_suggestion'),
      overall_analysis: data.get('overall_analysis'),
      risk_disclosure: data.get('risk_disclosure'),
      advice_risk_level: data.get('advice_risk_level') || null,
      research_publisher: data.get('research_publisher') || null,
      research_date: data.get('research_date') || null,
    });
    await reload();
  });
}

function deliveryForm(sheet, reload) {
  const confirmed = [
    sheet.manager_confirmed_at ? t('sheets.delivery.byManager') : null,
    sheet.analyst_confirmed_at ? t('sheets.delivery.byAnalyst') : null,
  ].filter(Boolean);
  const form = h('form', { class: 'card', testid: 'delivery-form' },
    h('h2', {}, t('sheets.delivery.title')),
    confirmed.length ? h('p', { class: 'muted' }, confirmed.join(' · ')) : null,
    h('select', { name: 'channel', testid: 'delivery-channel',
      'aria-label': t('sheets.delivery.channel') }, options(CHANNELS, 'sheets.channel')),
    ' ',
    h('button', { type: 'submit', class: 'button button-primary', testid: 'delivery-confirm' },
      t('sheets.delivery.confirm')),
  );
  return formWithErrors(form, async (data) => {
    await api.post(`/advisory/sheets/${sheet.id}/deliveries`, { channel: data.get('channel') });
    await reload();
  });
}

// A party who has confirmed sees that it counted and whose word is missing.
function deliveryAwaited(sheet) {
  const awaited = [
    sheet.manager_confirmed_at ? null : 'manager',
    sheet.analyst_confirmed_at ? null : 'analyst',
  ].filter(Boolean);
  return h('div', { class: 'card', testid: 'delivery-awaited' },
    h('h2', {}, t('sheets.delivery.title')),
    h('p', { class: 'notice notice-saved', role: 'status' }, t('sheets.delivery.counted')),
    awaited.length
      ? h('p', { class: 'muted' }, t('sheets.delivery.awaiting', { sides: label('sheets.side', awaited[0]) }))
      : null);
}

function feedbackView(sheet, reload) {
  if (sheet.feedback_score) {
    return h('div', { class: 'card', testid: 'sheet-feedback' },
      h('h2', {}, t('sheets.feedback.title')),
      h('p', {}, `${sheet.feedback_score} / 5 `, sheet.feedback_comment ?? ''));
  }
  const form = h('form', { class: 'card', testid: 'feedback-form' },
    h('h2', {}, t('sheets.feedback.title')),
    h('select', { name: 'score', testid: 'feedback-score', 'aria-label': t('sheets.feedback.score') },
      [5, 4, 3, 2, 1].map((score) => h('option', { value: score }, String(score)))),
    h('input', { name: 'comment', maxlength: 4000, placeholder: t('sheets.feedback.comment'),
      testid: 'feedback-comment', 'aria-label': t('sheets.feedback.comment') }),
    h('button', { type: 'submit', class: 'button', testid: 'feedback-submit' },
      t('sheets.feedback.submit')),
  );
  return formWithErrors(form, async (data) => {
    await api.post(`/advisory/sheets/${sheet.id}/feedback`, {
      score: Number(data.get('score')),
      comment: data.get('comment') || null,
    });
    await reload();
  });
}

function actionsView(sheet, user, reload) {
  const buttons = [];
  const act = (testid, key, call) => h('button', {
    type: 'button', class: 'button', testid,
    onclick: async (event) => {
      event.target.disabled = true;
      try {
        await call();
        await reload();
      } catch (failure) {
        event.target.after(problemView(failure));
        event.target.disabled = false;
      }
    },
  }, t(key));
  const author = user.roles.includes('client_manager') || user.id === sheet.created_by_id;
  if (author && ['draft', 'submitted'].includes(sheet.status)) {
    buttons.push(h('a', { class: 'button', href: `#/sheets/new?id=${sheet.id}`,
      testid: 'sheet-edit' }, t('sheets.edit')));
  }
  if (author && sheet.status === 'draft') {
    buttons.push(act('sheet-submit-draft', 'sheets.editor.submit',
      () => api.post(`/advisory/sheets/${sheet.id}/submit`)));
  }
  if (sheet.status === 'claimed' && sheet.claimed_by_id === user.id) {
    buttons.push(act('sheet-release', 'sheets.release',
      () => api.post(`/advisory/queue/${sheet.id}/release`)));
  }
  let cancelForm = null;
  if (['draft', 'submitted', 'claimed'].includes(sheet.status)
    && (author || user.roles.includes('supervisor'))) {
    cancelForm = formWithErrors(h('form', { class: 'toolbar', testid: 'cancel-form' },
      h('input', { name: 'reason', required: true, maxlength: 200,
        placeholder: t('sheets.cancel.reason'), testid: 'sheet-cancel-reason',
        'aria-label': t('sheets.cancel.reason') }),
      ' ',
      h('button', { type: 'submit', class: 'button', testid: 'sheet-cancel' },
        t('sheets.cancel.submit'))), async (data) => {
      await api.post(`/advisory/sheets/${sheet.id}/cancel`, { reason: data.get('reason') });
      await reload();
    });
  }
  if (!buttons.length && !cancelForm) return null;
  return h('div', { class: 'toolbar', testid: 'sheet-actions' }, buttons, cancelForm);
}

// The server writes some steps' notes as codes (services/advisory): the
// delivery confirmation as "<side>[+<side>]:<channel>", the feedback as its
// score, an expired claim as "claimed by staff <id>", an answer as its risk
// finding. Anything else (a cancel reason) is the person's own words.
function eventNote(event) {
  const { kind, note } = event;
  if (kind === 'delivery_confirmed' && note.includes(':')) {
    const [sides, channel] = note.split(':');
    return t('sheets.note.delivery', {
      sides: label('sheets.side', sides),
      channel: label('sheets.channel', channel),
    });
  }
  if (kind === 'feedback_recorded') return t('sheets.note.score', { score: note });
  if (kind === 'answered') return riskBadge();
  const holder = kind === 'lease_expired' ? /(\d+)$/.exec(note) : null;
  if (holder) return t('sheets.note.leaseHolder', { who: `#${holder[1]}` });
  return note;
}

function timelineView(events) {
  return h('div', { class: 'card' },
    h('h2', {}, t('sheets.timeline')),
    events.length === 0 ? emptyView() : h('ol', { testid: 'sheet-timeline' },
      events.map((event) => h('li', { testid: `timeline-${event.kind}` },
        h('span', { class: 'muted' }, when(event.occurred_at)), ' ',
        label('sheets.event', event.kind),
        ` · ${event.actor_id ? event.actor_name ?? `#${event.actor_id}` : t('sheets.event.bySystem')}`,
        event.note ? [' · ', eventNote(event)] : null))),
  );
}

async function renderSheet(el, id, ctx) {
  const reload = () => renderSheet(el, id, ctx);
  replaceChildren(el, loadingView());
  const [sheet, events] = await Promise.all([
    api.get(`/advisory/sheets/${id}`),
    api.get(`/advisory/sheets/${id}/timeline`),
  ]);
  const { user } = ctx;
  const isAnalyst = user.id === sheet.answered_by_id;
  const isManager = user.id === sheet.manager_id
    || (sheet.manager_id === null && user.roles.includes('client_manager'));
  const awaitsMe = (isManager && !sheet.manager_confirmed_at)
    || (isAnalyst && !sheet.analyst_confirmed_at);
  replaceChildren(el,
    h('div', { testid: 'sheet-detail', 'data-sheet-id': String(sheet.id) },
      h('p', {}, h('a', { href: '#/sheets' }, t('sheets.back'))),
      factsView(sheet),
      actionsView(sheet, user, reload),
      h('h2', {}, t('sheets.editor.holdings')),
      holdingsView(sheet),
      answerView(sheet),
      sheet.status === 'claimed' && sheet.claimed_by_id === user.id
        ? answerForm(sheet, reload) : null,
      sheet.status === 'answered' && awaitsMe ? deliveryForm(sheet, reload) : null,
      sheet.status === 'answered' && !awaitsMe && (isManager || isAnalyst)
        ? deliveryAwaited(sheet) : null,
      sheet.status === 'delivered' && (isManager || isAnalyst || sheet.feedback_score)
        ? feedbackView(sheet, reload) : null,
      timelineView(events),
    ),
  );
}

// ---- the analysts' queue ---------------------------------------------------

async function renderQueue(el, ctx) {
  replaceChildren(el, loadingView());
  const queue = await loadOrExplain(el, () => api.get('/advisory/queue', { limit: 100 }));
  if (!queue) return;
  const error = h('div', { testid: 'queue-error' });
  const mayClaim = ctx.user.roles.includes('analyst');
  const claim = h('button', {
    type: 'button', class: 'button button-primary', testid: 'queue-claim',
    disabled: queue.length === 0,
    onclick: async () => {
      claim.disabled = true;
      try {
        const sheet = await api.post('/advisory/queue/claim');
        if (sheet === null) {
          replaceChildren(error, h('p', { class: 'notice', testid: 'queue-empty' },
            t('sheets.queue.empty')));
          claim.disabled = false;
          return;
        }
        location.hash = `#/sheets?id=${sheet.id}`;
      } catch (failure) {
        replaceChildren(error, problemView(failure));
        claim.disabled = false;
      }
    },
  }, t('sheets.queue.claim'));
  replaceChildren(el,
    mayClaim ? h('p', {}, claim) : null,
    error,
    h('div', { testid: 'queue-table' }, dataTable(SUMMARY_COLUMNS, queue)),
  );
}

// ---- analysis reports for off-site clients ---------------------------------

const REPORT_COLUMNS = [
  { labelKey: 'sheets.col.id', value: (r) => `#${r.id}` },
  { labelKey: 'sheets.col.client', value: (r) => String(r.client_id) },
  { labelKey: 'sheets.report.title', value: (r) => r.title },
  { labelKey: 'sheets.report.written', value: (r) => when(r.created_at) },
  { labelKey: 'sheets.report.delivered', value: (r) => when(r.delivered_at) },
  { labelKey: 'sheets.feedback.score', value: (r) => (r.feedback_score ? String(r.feedback_score) : null) },
];

async function reportForm(reload) {
  const page = await api.get('/advisory/directory/clients', { segment: 'off_site', limit: 100 });
  const form = h('form', { class: 'card', testid: 'report-form' },
    h('h2', {}, t('sheets.report.write')),
    h('label', { class: 'field' }, t('sheets.editor.client'),
      h('select', { name: 'client_id', required: true, testid: 'report-client' },
        h('option', { value: '' }, t('sheets.editor.chooseClient')),
        page.items.map((client) => h('option', { value: client.id },
          `${client.full_name} · ${client.risk_level}`)))),
    h('label', { class: 'field' }, t('sheets.report.title'),
      h('input', { name: 'title', required: true, maxlength: 200, testid: 'report-title' })),
    h('label', { class: 'field' }, t('sheets.report.body'),
      h('textarea', { name: 'body', rows: 5, required: true, maxlength: 4000,
        testid: 'report-body' })),
    h('label', { class: 'field' }, t('sheets.answer.overall'),
      h('select', { name: 'overall_suggestion', testid: 'report-suggestion' },
        options(SUGGESTIONS, 'sheets.suggestion'))),
    h('label', { class: 'field' }, t('sheets.answer.riskDisclosure'),
      h('textarea', { name: 'risk_disclosure', rows: 3, required: true, maxlength: 4000,
        testid: 'report-risk-disclosure' })),
    h('label', { class: 'field' }, t('sheets.report.tradesCsv'),
      h('textarea', { name: 'trades_csv', rows: 4, maxlength: 20000, testid: 'report-trades-csv',
        placeholder: 'traded_on,code,side,quantity,price' })),
    h('button', { type: 'submit', class: 'button button-primary', testid: 'report-submit' },
      t('sheets.report.submit')),
  );
  return formWithErrors(form, async (data) => {
    await api.post('/advisory/reports', {
      client_id: Number(data.get('client_id')),
      title: data.get('title'),
      body: data.get('body'),
      overall_suggestion: data.get('overall_suggestion'),
      risk_disclosure: data.get('risk_disclosure'),
      trades_csv: data.get('trades_csv').trim() || null,
    });
    await reload();
  });
}

async function renderReports(el, ctx) {
  replaceChildren(el, loadingView());
  const page = await loadOrExplain(el, () => api.get('/advisory/reports', { limit: 100 }));
  if (!page) return;
  const writes = ctx.user.roles.includes('analyst') && ctx.user.adviser_qualification_no;
  replaceChildren(el,
    writes ? await reportForm(() => renderReports(el, ctx)) : null,
    h('div', { testid: 'reports-table' }, dataTable(REPORT_COLUMNS, page.items)),
  );
}

const READERS = ['client_manager', 'analyst', 'broker', 'supervisor', 'hotline_agent'];

export const routes = [
  {
    path: '#/sheets',
    titleKey: 'nav.sheets.list',
    roles: READERS,
    render: renderList,
  },
  {
    path: '#/sheets/new',
    titleKey: 'nav.sheets.new',
    roles: ['client_manager'],
    render: renderEditor,
  },
  {
    path: '#/sheets/queue',
    titleKey: 'nav.sheets.queue',
    roles: ['analyst', 'supervisor'],
    render: renderQueue,
  },
  {
    path: '#/sheets/reports',
    titleKey: 'nav.sheets.reports',
    roles: ['analyst', 'client_manager', 'broker'],
    render: renderReports,
  },
];
