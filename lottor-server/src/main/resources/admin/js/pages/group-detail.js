// One group: its facts, each message (attempts, error, payload, own history), the whole timeline, and
// the operator actions: retry a DEAD/FAILED message, resolve a PREPARED group.
import * as api from '../api.js';
import { h, replace, replaceKeepingOpen } from '../dom.js';
import { STUCK_AFTER_MS, ago, badge, duration, time } from '../format.js';
import { resolveGroup } from '../actions.js';
import { timeline } from '../timeline.js';
import { errorState, facts, flash, loading } from '../ui.js';
import { messageCard } from './message-card.js';

export default {
  title: 'Group',
  nav: 'groups',
  create(view, { params }) {
    const groupId = params[0];
    document.title = `Group ${groupId} · Lottor admin`;
    const header = h('div', { class: 'page-header' }, h('h1', {}, 'Group ', h('span', { class: 'mono' }, groupId)));
    const parts = { summary: h('div', {}, loading()), resolve: h('div', {}), messages: h('div', {}), history: h('div', {}) };
    const notice = h('div', { class: 'notice-slot', 'aria-live': 'polite' });
    replace(view, h('p', { class: 'crumbs' }, h('a', { href: '#/groups' }, '← All groups')), header, notice,
      parts.summary, parts.resolve,
      parts.layout = h('div', { class: 'detail-layout' },
        h('section', { 'aria-labelledby': 'messages-title' }, h('h2', { id: 'messages-title' }, 'Messages'), parts.messages),
        h('section', { class: 'card timeline-card', 'aria-labelledby': 'history-title' },
          h('h2', { id: 'history-title' }, 'Timeline'), parts.history)));
    let resolvable = false;

    async function refresh() {
      let group;
      try {
        group = await api.get(`/api/v1/groups/${encodeURIComponent(groupId)}`);
      } catch (error) {
        if (error.status !== 404) throw error;
        replace(parts.summary, errorState(error),
          h('p', {}, 'It may never have existed, or it finished and was purged after the retention period.'));
        parts.layout.hidden = true;
        replace(parts.resolve);
        return;
      }
      parts.layout.hidden = false;
      replace(parts.summary, summary(group));
      replaceKeepingOpen(parts.messages, group.messages.map((m) => messageCard(group, m, notice)));
      replace(parts.history, timeline(group.history));
      if (group.state === 'PREPARED' && !resolvable) replace(parts.resolve, resolvePanel(group, notice));
      if (group.state !== 'PREPARED') replace(parts.resolve);
      resolvable = group.state === 'PREPARED';
    }

    return { refresh };
  },
};

function summary(group) {
  const age = Date.now() - Date.parse(group.created_at);
  const stuck = group.state === 'PREPARED' && age > STUCK_AFTER_MS;
  return h('section', { class: `card summary ${stuck ? 'stuck' : ''}`, 'aria-label': 'Group summary' },
    h('div', { class: 'summary-state' }, badge(group.state), stuck ? h('span', { class: 'badge bad' }, 'STUCK') : null,
      problemBadges(group.messages)),
    stuck ? h('p', { class: 'warn-text' }, `Prepared ${duration(age)} ago and still undecided. The server asks the producer `
      + `(${group.check_backs} check-backs so far). If the producer cannot answer, resolve the group below.`) : null,
    facts([['Source', group.source], ['Instance', group.instance_id], ['Created', time(group.created_at)],
      ['Updated', ago(group.updated_at)], ['Next check-back', group.next_check_at ? ago(group.next_check_at) : null],
      ['Check-backs', String(group.check_backs)],
      ['Check-backs go to', group.check_back_url ? h('span', { class: 'mono' }, group.check_back_url) : `sessions of ${group.source}`],
      ['Attributes', attributes(group.attributes)]], { inline: true }));
}

function problemBadges(messages) {
  return ['DEAD', 'FAILED'].map((state) => {
    const n = messages.filter((m) => m.state === state).length;
    return n ? badge(state, n) : null;
  });
}

function attributes(values) {
  const entries = Object.entries(values || {});
  if (!entries.length) return null;
  return h('span', { class: 'badges' }, entries.map(([k, v]) => h('code', { class: 'kv' }, `${k}=${v}`)));
}

function resolvePanel(group, notice) {
  const act = (outcome) => async () => {
    try {
      const resolved = await resolveGroup(group, outcome);
      if (!resolved) return;
      flash(notice, `Group resolved: ${resolved.state.replace('_', ' ')}.`);
      window.dispatchEvent(new Event('lottor:refresh'));
    } catch (error) {
      flash(notice, `Could not resolve: ${error.message}`, 'bad');
    }
  };
  return h('section', { class: 'card resolve', 'aria-labelledby': 'resolve-title' },
    h('h2', { id: 'resolve-title' }, 'Resolve by hand'),
    h('p', {}, 'This group is PREPARED: the producer has not said whether its local transaction committed. '
      + 'Normally the server finds out by asking the producer. If you know the outcome, decide it here; a reason is required.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onClick: act('COMMITTED') }, 'Commit…'),
      h('button', { type: 'button', class: 'danger', onClick: act('ROLLED_BACK') }, 'Roll back…')));
}
