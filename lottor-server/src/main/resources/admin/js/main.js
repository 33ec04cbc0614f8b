// The shell: routing, login guard, the live refresh loop (paused while the tab is hidden) and the banner.
import * as api from './api.js';
import * as session from './session.js';
import * as router from './router.js';
import * as dialog from './dialog.js';
import { h, replace } from './dom.js';
import { describe, errorState } from './ui.js';
import login from './pages/login.js';
import dashboard from './pages/dashboard.js';
import groups from './pages/groups.js';
import groupDetail from './pages/group-detail.js';
import messages from './pages/messages.js';
import clients from './pages/clients.js';
import servers from './pages/servers.js';

const REFRESH_MS = 5000;
const ROUTES = [
  [/^\/$/, dashboard], [/^\/groups$/, groups], [/^\/groups\/(.+)$/, groupDetail],
  [/^\/messages$/, messages], [/^\/clients$/, clients], [/^\/servers$/, servers], [/^\/login$/, login],
];

const view = document.getElementById('view');
const banner = document.getElementById('banner');
const live = document.getElementById('live');
let page = null;
let refreshing = false;
let again = false;

api.whenUnauthorized(() => {
  session.logOut();
  sessionStorage.setItem('lottor.loginReason', 'rejected');
  router.go('/login');
});

function show() {
  page?.dispose?.();
  page = null;
  hideBanner();
  const route = router.current();
  if (route.path !== '/login' && !session.isLoggedIn()) {
    sessionStorage.setItem('lottor.afterLogin', location.hash);
    router.go('/login');
    return;
  }
  const found = router.match(ROUTES, route.path);
  const target = found ? found.page : null;
  shell(target === login);
  if (!target) {
    replace(view, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Go to the dashboard')));
    return;
  }
  document.title = `${target.title} · Lottor admin`;
  markNav(target.nav);
  page = target.create(view, { params: found.params, query: route.query });
  view.focus({ preventScroll: true });
  tick();
}

function shell(loggedOut) {
  document.getElementById('topbar').hidden = loggedOut;
  document.getElementById('operator').textContent = session.operator() ? `Operator: ${session.operator()}` : '';
  document.getElementById('nav').classList.remove('open');
  document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
}

function markNav(name) {
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function tick() {
  if (!page?.refresh || document.hidden || dialog.isOpen()) return;
  if (refreshing) {
    again = true; // asked while a refresh is under way (paging, after an action): refresh once more
    return;
  }
  refreshing = true;
  again = false;
  const current = page;
  try {
    await Promise.all([current.refresh(), problemCount()]);
    if (current !== page) return;
    current.loaded = true;
    hideBanner();
    live.textContent = `Live · ${new Date().toLocaleTimeString()}`;
    live.title = "Refreshes every few seconds while this tab is visible";
    live.className = 'live ok';
  } catch (error) {
    if (current === page && error.status !== 401) failed(error);
  } finally {
    refreshing = false;
    if (again) tick();
  }
}

function failed(error) {
  const { title, detail } = describe(error);
  const stale = Boolean(page.loaded);
  replace(banner, h('strong', {}, title), ' ', detail, h('span', { class: 'retrying' }, stale
    ? ' What you see below is from the last successful update; retrying every few seconds.'
    : ' Retrying every few seconds.'));
  banner.hidden = false;
  view.classList.toggle('stale', stale);
  live.textContent = 'Not updating';
  live.className = 'live bad';
  for (const placeholder of view.querySelectorAll('.loading')) placeholder.replaceWith(errorState(error));
}

function hideBanner() {
  banner.hidden = true;
  view.classList.remove('stale');
}

async function problemCount() {
  const count = document.getElementById('nav-problems');
  try {
    const stats = await api.get('/api/v1/stats');
    const n = (stats.messages?.DEAD || 0) + (stats.messages?.FAILED || 0);
    count.textContent = String(n);
    count.hidden = n === 0;
    count.setAttribute('aria-label', `${n} failed or dead messages`);
  } catch (error) {
    count.hidden = true;
  }
}

function visibility() {
  if (document.hidden) {
    live.textContent = 'Paused while the tab is hidden';
    live.className = 'live';
  } else {
    tick();
  }
}

document.getElementById('logout').addEventListener('click', () => {
  session.logOut();
  router.go('/login');
});
document.getElementById('nav-toggle').addEventListener('click', (event) => {
  const nav = document.getElementById('nav');
  const open = nav.classList.toggle('open');
  event.currentTarget.setAttribute('aria-expanded', String(open));
});
document.addEventListener('visibilitychange', visibility);
window.addEventListener('hashchange', show);
window.addEventListener('lottor:refresh', () => tick());
setInterval(tick, REFRESH_MS);
show();
