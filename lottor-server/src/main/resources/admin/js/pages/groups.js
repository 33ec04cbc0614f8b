// Groups: filter by state, source, target and time, search by id prefix, newest first, cursor paging.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { GROUP_STATES, MESSAGE_STATES, STUCK_AFTER_MS, ago, badge, time } from '../format.js';
import { filterForm, pager, pick } from '../filters.js';
import { groupHref } from '../router.js';
import { emptyState, loading, pageHeader, table } from '../ui.js';

const FIELDS = [
  { name: 'id_prefix', label: 'Group id starts with', type: 'search', placeholder: 'e.g. order-42', primary: true },
  { name: 'state', label: 'State', type: 'states', states: GROUP_STATES },
  { name: 'source', label: 'Source service', placeholder: 'e.g. orders' },
  { name: 'target', label: 'Target service', placeholder: 'e.g. billing' },
  { name: 'from', label: 'Created from', type: 'time' },
  { name: 'to', label: 'Created before', type: 'time' },
];

export default {
  title: 'Groups',
  nav: 'groups',
  create(view, { query }) {
    const results = h('div', { class: 'results' }, loading());
    const paging = pager(() => window.dispatchEvent(new Event('lottor:refresh')));
    const filtered = FIELDS.some((f) => query.get(f.name));
    replace(view, pageHeader('Groups'),
      h('div', { class: 'filter-box' }, filterForm('/groups', FIELDS, query, { submitLabel: 'Search' })), results);
    return {
      async refresh() {
        const params = { ...pick(query, FIELDS.map((f) => f.name)), limit: pageSize(query), cursor: paging.cursor() };
        const answer = await api.get('/api/v1/groups', params);
        replace(results, list(answer.groups, filtered), paging.render(answer.next_cursor));
      },
    };
  },
};

/** Groups per page: `limit` in the route (1..500, e.g. #/groups?limit=200), else 50. */
function pageSize(query) {
  const limit = Number.parseInt(query.get('limit'), 10);
  return limit >= 1 && limit <= 500 ? limit : 50;
}

function list(groups, filtered) {
  if (!groups.length) {
    return filtered ? emptyState('No group matches these filters', 'Widen the time range or clear a filter.')
      : emptyState('No groups yet', 'Groups appear here once a producer prepares one.');
  }
  return table([
    { label: 'Group', cell: (g) => h('a', { href: groupHref(g.group_id), class: 'mono' }, g.group_id) },
    { label: 'State', cell: (g) => [badge(g.state), stuck(g) ? h('span', { class: 'badge bad' }, 'STUCK') : null] },
    { label: 'Source', cell: (g) => g.source },
    { label: 'Messages', cell: messageStates },
    { label: 'Created', cell: (g) => time(g.created_at) },
    { label: 'Updated', cell: (g) => ago(g.updated_at) },
  ], groups, { caption: 'Groups, newest first', rowClass: rowTone });
}

function messageStates(group) {
  const states = group.message_states || {};
  const shown = MESSAGE_STATES.filter((s) => states[s]);
  if (!shown.length) return `${group.message_count}`;
  return h('span', { class: 'badges' }, shown.map((s) => badge(s, states[s])));
}

function stuck(group) {
  return group.state === 'PREPARED' && Date.now() - Date.parse(group.created_at) > STUCK_AFTER_MS;
}

function rowTone(group) {
  const states = group.message_states || {};
  if (states.DEAD || stuck(group)) return 'row-bad';
  if (states.FAILED) return 'row-warn';
  return undefined;
}
