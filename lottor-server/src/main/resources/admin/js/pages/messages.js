// Failed and dead messages: why each failed, retry one, or retry everything a filter matches.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { ago, badge } from '../format.js';
import { retryMatching, retryMessage } from '../actions.js';
import { filterForm, pager, pick } from '../filters.js';
import { groupHref } from '../router.js';
import { emptyState, flash, loading, pageHeader, table } from '../ui.js';

const FIELDS = [
  { name: 'state', label: 'State', type: 'states', states: ['DEAD', 'FAILED'], primary: true },
  { name: 'source', label: 'Source service' },
  { name: 'target', label: 'Target service' },
  { name: 'method', label: 'Method' },
  { name: 'group_id', label: 'Group id' },
  { name: 'from', label: 'Updated from', type: 'time' },
  { name: 'to', label: 'Updated before', type: 'time' },
];

export default {
  title: 'Failed & dead messages',
  nav: 'messages',
  create(view, { query }) {
    const states = (query.get('state') || 'DEAD,FAILED').split(',');
    const notice = h('div', { class: 'notice-slot', 'aria-live': 'polite' });
    const results = h('div', { class: 'results' }, loading());
    const bulk = h('div', { class: 'bulk' });
    const paging = pager(() => window.dispatchEvent(new Event('lottor:refresh')));
    const filterQuery = new URLSearchParams(query);
    filterQuery.set('state', states.join(','));
    replace(view, pageHeader('Failed & dead messages'),
      h('p', { class: 'lead' }, 'FAILED messages are retried automatically with backoff; DEAD ones ran out of attempts and wait for you.'),
      h('div', { class: 'filter-box' }, filterForm('/messages', FIELDS, filterQuery)),
      notice, bulk, results);
    const filter = { state: states, ...pick(query, ['source', 'target', 'method', 'from', 'to']) };
    return {
      async refresh() {
        const params = { ...pick(query, FIELDS.map((f) => f.name)), state: states, limit: 50, cursor: paging.cursor() };
        const answer = await api.get('/api/v1/messages', params);
        replace(results, list(answer.messages, states, notice), paging.render(answer.next_cursor));
        replace(bulk, answer.messages.length ? bulkButton(filter, answer.messages.length, query.get('group_id'), notice) : null);
      },
    };
  },
};

function list(messages, states, notice) {
  if (!messages.length) {
    const what = states.length === 1 ? `${states[0].toLowerCase()} messages` : 'failed or dead messages';
    return emptyState(`No ${what} — nothing to retry`, 'Messages show up here when a consumer keeps failing.');
  }
  return table([
    { label: 'State', cell: (m) => badge(m.state) },
    { label: 'Group', cell: (m) => h('a', { href: groupHref(m.group_id), class: 'mono' }, m.group_id) },
    { label: 'Message', cell: (m) => h('span', { class: 'mono' }, m.message_id) },
    { label: 'Target', cell: (m) => `${m.target} · ${m.method}` },
    { label: 'Attempts', cell: (m) => String(m.attempts) },
    { label: 'Last error', cell: (m) => h('span', { class: 'error-text clamp', title: m.last_error || '' }, m.last_error || '—'), class: 'wide-cell' },
    { label: 'Updated', cell: (m) => ago(m.updated_at) },
    { label: 'Action', cell: (m) => retryButton(m, notice) },
  ], messages, { caption: 'Failed and dead messages, most recently updated first', rowClass: (m) => (m.state === 'DEAD' ? 'row-bad' : 'row-warn') });
}

function retryButton(message, notice) {
  return h('button', { type: 'button', class: 'small primary', 'aria-label': `Retry message ${message.message_id} of group ${message.group_id}`,
    onClick: async () => {
    try {
      const summary = await retryMessage(message.group_id, message);
      if (!summary) return;
      flash(notice, `Message ${message.message_id} of ${message.group_id} is ${summary.state} again.`);
      window.dispatchEvent(new Event('lottor:refresh'));
    } catch (error) {
      flash(notice, `Could not retry ${message.message_id}: ${error.message}`, 'bad');
    }
  } }, 'Retry…');
}

function bulkButton(filter, shown, groupId, notice) {
  if (groupId) {
    return h('p', { class: 'muted' }, 'Bulk retry works on state, services, method and time; clear the group id filter to use it, '
      + 'or open the group to retry its messages.');
  }
  return h('button', { type: 'button', class: 'danger', onClick: async () => {
    try {
      const answer = await retryMatching(filter, shown);
      if (!answer) return;
      flash(notice, `Retried ${answer.retried} message${answer.retried === 1 ? '' : 's'}.`);
      window.dispatchEvent(new Event('lottor:refresh'));
    } catch (error) {
      flash(notice, `Bulk retry failed: ${error.message}`, 'bad');
    }
  } }, 'Retry all matching…');
}
