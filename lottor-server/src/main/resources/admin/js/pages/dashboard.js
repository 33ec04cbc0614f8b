// Dashboard: what needs attention first (dead, failed, stuck prepared), then counts, throughput,
// the latest dead messages and the connected services.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { GROUP_STATES, MESSAGE_STATES, STUCK_AFTER_MS, ago, badge, duration, time, tone } from '../format.js';
import { groupHref } from '../router.js';
import { card, emptyState, loading, pageHeader } from '../ui.js';
import { throughputChart, totals } from '../chart.js';
import { attention } from './attention.js';

export default {
  title: 'Dashboard',
  nav: 'dashboard',
  create(view) {
    const parts = slots();
    const throughput = throughputCard(parts.totals);
    replace(view, pageHeader('Dashboard'), parts.attention,
      h('div', { class: 'grid' },
        card('Groups by state', parts.groups), card('Messages by state', parts.messages),
        card('Oldest prepared group', parts.oldest), throughput.element,
        card('Latest dead messages', parts.dead), card('Connected services', parts.services)));
    return {
      async refresh() {
        const [stats, sessions, dead] = await Promise.all([api.get('/api/v1/stats'), api.get('/api/v1/sessions'),
          api.get('/api/v1/messages', { state: 'DEAD', limit: 5 })]);
        show(parts, stats, sessions.sessions, dead.messages);
        throughput.show(stats.throughput);
      },
      dispose: () => throughput.destroy(),
    };
  },
};

function slots() {
  const slot = () => h('div', {}, loading());
  return {
    attention: h('div', { class: 'attention-slot' }, loading()), groups: slot(), messages: slot(), oldest: slot(),
    dead: slot(), services: slot(), totals: h('div', {}),
  };
}

function show(parts, stats, sessions, dead) {
  replace(parts.attention, attention(stats));
  replace(parts.groups, counts(GROUP_STATES, stats.groups, (state) => `#/groups?state=${state}`));
  replace(parts.messages, counts(MESSAGE_STATES, stats.messages,
    (state) => (state === 'DEAD' || state === 'FAILED' ? `#/messages?state=${state}` : null)));
  replace(parts.oldest, oldest(stats.oldest_prepared));
  replace(parts.dead, deadList(dead));
  replace(parts.services, services(sessions));
}

/** The chart card with its per minute / per hour switch; show(throughput) redraws it. */
function throughputCard(totalsSlot) {
  const canvas = h('canvas', { 'aria-label': 'Messages prepared, consumed and failed over time', role: 'img' });
  let unit = 'minute';
  let latest = null;
  let chart = null; // created on the first draw, once the canvas is on the page and has a size
  const draw = () => {
    if (!latest) return;
    chart ??= throughputChart(canvas);
    const buckets = (unit === 'hour' ? latest.per_hour : latest.per_minute) || [];
    chart.update(buckets, unit);
    replace(totalsSlot, totals(buckets, unit === 'hour' ? 'Last 24 hours' : 'Last 60 minutes'));
  };
  const element = h('section', { class: 'card wide', 'aria-label': 'Throughput' },
    h('div', { class: 'card-head' }, h('h2', {}, 'Throughput'), unitToggle((next) => { unit = next; draw(); })),
    h('div', { class: 'chart-box' }, canvas), totalsSlot);
  return {
    element,
    show(throughput) { latest = throughput || {}; draw(); },
    destroy() { chart?.destroy?.(); },
  };
}

function unitToggle(onChange) {
  const buttons = [['minute', 'Per minute'], ['hour', 'Per hour']].map(([value, label]) =>
    h('button', { type: 'button', class: 'segment', 'aria-pressed': String(value === 'minute'), dataset: { unit: value } }, label));
  for (const button of buttons) {
    button.addEventListener('click', () => {
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
      onChange(button.dataset.unit);
    });
  }
  return h('div', { class: 'segmented', role: 'group', 'aria-label': 'Time unit' }, buttons);
}

/** One tile per state; `link(state)` is where a tile leads, or null. */
function counts(states, values, link) {
  return h('ul', { class: 'counts' }, states.map((state) => {
    const n = values?.[state] || 0;
    const problem = n > 0 && (state === 'DEAD' || state === 'FAILED');
    const body = [h('span', { class: 'count-n' }, String(n)), badge(state)];
    const href = link(state);
    return h('li', { class: `count ${problem ? `problem ${tone(state)}` : ''} ${n === 0 ? 'zero' : ''}`, dataset: { state } },
      href ? h('a', { href }, body) : body);
  }));
}

function oldest(group) {
  if (!group) return emptyState('No prepared group', 'Every producer has committed or rolled back.');
  const stuck = group.age_ms > STUCK_AFTER_MS;
  return h('div', { class: stuck ? 'oldest stuck' : 'oldest' },
    h('p', {}, h('a', { href: groupHref(group.group_id), class: 'mono' }, group.group_id), ' from ', h('strong', {}, group.source)),
    h('p', {}, 'Prepared ', h('strong', {}, duration(group.age_ms, 'ago')), ', at ', time(group.created_at)),
    stuck ? h('p', { class: 'warn-text' }, `Stuck: prepared for more than ${duration(STUCK_AFTER_MS)}. `
      + 'The server keeps asking its producer (check-back); if the producer is gone, resolve it from the group page.') : null);
}

function deadList(messages) {
  if (!messages?.length) return emptyState('No dead messages — nothing to retry');
  return h('div', {}, h('ul', { class: 'plain-list' }, messages.map((m) => h('li', { class: 'dead-item' },
    h('a', { href: groupHref(m.group_id), class: 'mono' }, m.group_id), ' ',
    h('span', { class: 'muted' }, `${m.target} · ${m.method}`),
    h('p', { class: 'error-text' }, m.last_error || 'no error recorded'), h('small', {}, 'dead ', ago(m.updated_at))))),
  h('p', {}, h('a', { href: '#/messages?state=DEAD' }, 'All dead messages and retry →')));
}

function services(sessions) {
  if (!sessions?.length) return emptyState('No client connected', 'Services appear here while their Lottor client is connected.');
  const byService = new Map();
  for (const s of sessions) byService.set(s.service, [...(byService.get(s.service) || []), s]);
  return h('ul', { class: 'plain-list' }, [...byService].map(([service, list]) => h('li', {},
    h('strong', {}, service), ` — ${list.length} instance${list.length === 1 ? '' : 's'}, `,
    `${list.reduce((n, s) => n + (s.in_flight || 0), 0)} in flight`)),
  h('li', {}, h('a', { href: '#/clients' }, 'All clients →')));
}
