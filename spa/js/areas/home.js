// The landing page: who is signed in, for which branch, with which roles, and
// a shortcut to each page those roles open.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { roleChips } from '../views.js';

export const routes = [
  {
    path: '#/',
    titleKey: 'nav.home.overview',
    // No roles: every signed-in person sees it.
    render: async (el, { user, routes: visibleRoutes }) => {
      el.append(
        h('p', { class: 'lead', testid: 'home-greeting' },
          t('home.greeting', { name: user.full_name })),
        h('div', { class: 'cards' }, profileCard(user), shortcutsCard(visibleRoutes)),
      );
    },
  },
];

function profileCard(user) {
  const scope = user.is_head_office ? 'home.scope.headOffice' : 'home.scope.branch';
  const rows = [
    ['home.username', user.username],
    ['home.branch', user.branch_name],
    ['home.roles', roleChips(user.roles)],
    ['home.scope', t(scope)],
  ];
  if (user.adviser_qualification_no) {
    rows.push(['home.qualification', user.adviser_qualification_no]);
  }
  return h('section', { class: 'card', testid: 'home-profile' },
    h('h2', {}, t('home.profile')),
    h('dl', { class: 'facts' },
      rows.map(([key, value]) => [h('dt', {}, t(key)), h('dd', {}, value)])),
  );
}

function shortcutsCard(visibleRoutes) {
  const links = visibleRoutes.filter((route) => route.path !== '#/');
  if (links.length === 0) return null;
  return h('section', { class: 'card' },
    h('h2', {}, t('home.shortcuts')),
    h('ul', { class: 'shortcuts' }, links.map((route) =>
      h('li', {}, h('a', { href: route.path }, t(route.titleKey))),
    )),
  );
}
