// The shell: hash router, login page, navigation and language switch.
//
// Pages live in ./areas/, one module per area, each exporting `routes`:
//   { path: '#/area/page', titleKey: 'nav.<area>.<page>', roles: [...], render }
// To add a page, add a route to its area's list and its title to both
// catalogues in ../i18n/. `roles` lists who may open the page (anyone holding
// one of them); leave it out for a page every signed-in person may open.
// `render(el, ctx)` fills `el`, below the page heading; ctx has the signed-in
// `user` (GET /auth/me), the `query` of the hash (URLSearchParams) and the
// `routes` this person may open. The nav groups links by the <area> of the
// titleKey and gives each link the test id nav-link-<area>-<page>.
import { api, forgetToken, isSignedIn, login, onUnauthorized } from './api.js';
import { h, replaceChildren } from './dom.js';
import { LANGUAGES, applyStoredLang, getLang, setLang, t } from './i18n.js';
import { setBranchTimeZone } from './format.js';
import { loadingView, problemView } from './views.js';
import * as home from './areas/home.js';
import * as visits from './areas/visits.js';
import * as sheets from './areas/sheets.js';
import * as hotline from './areas/hotline.js';
import * as supervision from './areas/supervision.js';
import * as admin from './areas/admin.js';

const AREAS = [home, visits, sheets, hotline, supervision, admin];
const ROUTES = AREAS.flatMap((area) => area.routes);
const LOGIN_PATH = '#/login';
const HOME_PATH = '#/';

const root = document.getElementById('app');
let user = null;

function parseHash(hash) {
  const [path, search = ''] = (hash || HOME_PATH).split('?');
  return { path, query: new URLSearchParams(search) };
}

function mayOpen(route, person) {
  return !route.roles || route.roles.some((role) => person.roles.includes(role));
}

function navKey(route) {
  const [, area, page] = route.titleKey.split('.');
  return { area, page };
}

function goToLogin() {
  user = null;
  const { path } = parseHash(location.hash);
  const returnsHome = path === LOGIN_PATH || path === HOME_PATH;
  const next = returnsHome ? '' : `?next=${encodeURIComponent(location.hash)}`;
  location.hash = LOGIN_PATH + next;
}

function languageSwitch() {
  return h('label', { class: 'lang' },
    h('span', { class: 'visually-hidden' }, t('lang.label')),
    h('select', {
      testid: 'lang-switch',
      'aria-label': t('lang.label'),
      onchange: (event) => {
        setLang(event.target.value);
        render();
      },
    }, LANGUAGES.map(({ code, label }) =>
      h('option', { value: code, selected: code === getLang() }, label),
    )),
  );
}

// The page after sign-in: only a hash inside this app, never another site.
function nextPath(query) {
  const next = query.get('next') ?? '';
  return next.startsWith('#/') && !next.startsWith(LOGIN_PATH) ? next : HOME_PATH;
}

function renderLogin(query) {
  // Switching language re-renders the form; keep what was already typed.
  const typedUsername = root.querySelector('[name=username]')?.value ?? '';
  document.title = `${t('login.title')} · ${t('app.name')}`;
  const error = h('div', {
    class: 'login-error', role: 'alert', testid: 'login-error', hidden: true,
  });
  const submit = h('button', {
    type: 'submit', class: 'button button-primary', testid: 'login-submit',
  }, t('login.submit'));
  const fieldLabels = { username: t('login.username'), password: t('login.password') };

  async function onSubmit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      await login(form.get('username'), form.get('password'));
      user = await api.get('/auth/me');
      location.hash = nextPath(query);
    } catch (failure) {
      const message = failure.status === 401
        ? t('login.error.credentials')
        : problemView(failure, fieldLabels);
      replaceChildren(error, message);
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  }

  replaceChildren(root,
    h('main', { class: 'login-page' },
      h('form', { class: 'login-card', onsubmit: onSubmit, testid: 'login-form' },
        h('div', { class: 'login-head' },
          h('div', {},
            h('div', { class: 'brand' }, t('app.name')),
            h('div', { class: 'muted' }, t('app.tagline')),
          ),
          languageSwitch(),
        ),
        h('h1', {}, t('login.title')),
        h('label', { class: 'field' }, t('login.username'),
          h('input', {
            name: 'username', autocomplete: 'username', required: true,
            value: typedUsername, testid: 'login-username',
          }),
        ),
        h('label', { class: 'field' }, t('login.password'),
          h('input', {
            name: 'password', type: 'password', autocomplete: 'current-password',
            required: true, testid: 'login-password',
          }),
        ),
        error,
        submit,
      ),
    ),
  );
  root.querySelector('[name=username]').focus();
}

function navigation(visibleRoutes, currentPath) {
  const groups = new Map();
  for (const route of visibleRoutes) {
    const { area } = navKey(route);
    if (!groups.has(area)) groups.set(area, []);
    groups.get(area).push(route);
  }

  const link = (route) => {
    const { area, page } = navKey(route);
    const current = route.path === currentPath;
    return h('li', {}, h('a', {
      href: route.path,
      testid: `nav-link-${area}-${page}`,
      class: current ? 'active' : null,
      'aria-current': current ? 'page' : null,
    }, t(route.titleKey)));
  };

  return h('nav', { class: 'nav', testid: 'nav', 'aria-label': t('shell.menu') },
    [...groups].map(([area, routes]) => h('div', { class: 'nav-group' },
      area === 'home' ? null : h('div', { class: 'nav-heading' }, t(`area.${area}`)),
      h('ul', {}, routes.map(link)),
    )),
  );
}

function renderShell(visibleRoutes, currentPath) {
  const main = h('main', { class: 'content', testid: 'content' });
  replaceChildren(root,
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: HOME_PATH }, t('app.name'),
        h('span', { class: 'brand-tagline' }, t('app.tagline'))),
      h('div', { class: 'topbar-tools' },
        h('span', { class: 'whoami', testid: 'whoami' },
          user.full_name, h('span', { class: 'muted' }, ` · ${user.branch_name}`)),
        languageSwitch(),
        h('button', {
          type: 'button', class: 'button', testid: 'logout',
          onclick: () => {
            forgetToken();
            goToLogin();
          },
        }, t('shell.logout')),
      ),
    ),
    h('div', { class: 'body' }, navigation(visibleRoutes, currentPath), main),
  );
  return main;
}

function renderMessagePage(main, titleKey, messageKey) {
  document.title = t('app.name');
  replaceChildren(main,
    h('h1', {}, t(titleKey)),
    h('div', { class: 'notice' },
      t(messageKey), ' ', h('a', { href: HOME_PATH }, t('common.backHome'))),
  );
}

async function loadUser(main) {
  try {
    user = await api.get('/auth/me');
    return true;
  } catch (error) {
    // A 401 has already sent the person to the login page.
    if (error.status !== 401) replaceChildren(main, problemView(error));
    return false;
  }
}

async function render() {
  const { path, query } = parseHash(location.hash);
  if (path === LOGIN_PATH) {
    renderLogin(query);
    return;
  }
  if (!isSignedIn()) {
    goToLogin();
    return;
  }
  if (!user) {
    replaceChildren(root, h('main', { class: 'content' }, loadingView()));
    if (!(await loadUser(root.firstChild))) return;
  }

  const visibleRoutes = ROUTES.filter((route) => mayOpen(route, user));
  const main = renderShell(visibleRoutes, path);
  const route = ROUTES.find((candidate) => candidate.path === path);
  if (!route) {
    renderMessagePage(main, 'common.notFound', 'common.notFound');
    return;
  }
  if (!mayOpen(route, user)) {
    renderMessagePage(main, route.titleKey, 'common.forbidden');
    return;
  }

  document.title = `${t(route.titleKey)} · ${t('app.name')}`;
  setBranchTimeZone(user.branch_timezone);
  const body = h('div', { class: 'page-body' });
  main.append(h('h1', { testid: 'page-title' }, t(route.titleKey)), body);
  try {
    await route.render(body, { user, query, routes: visibleRoutes });
  } catch (error) {
    replaceChildren(body, problemView(error));
  }
}

applyStoredLang();
onUnauthorized(goToLogin);
window.addEventListener('hashchange', render);
render();
