// Operator actions: retry one message, retry many, resolve a stuck PREPARED group. Each asks first,
// sends the operator's name as `actor`, and says what happened.
import * as api from './api.js';
import * as dialog from './dialog.js';
import * as session from './session.js';
import { h } from './dom.js';
import { time } from './format.js';
import { facts } from './ui.js';

function actor() {
  return session.operator() || undefined;
}

/** Retries a DEAD or FAILED message; resolves to the message summary, or null if cancelled. */
export async function retryMessage(groupId, message) {
  const answer = await dialog.confirm({
    title: 'Retry this message?',
    body: [h('p', {}, 'It goes back to READY and is delivered again now. Attempts so far are kept.'),
      facts([['Group', groupId], ['Message', message.message_id], ['Target', `${message.target} · ${message.method}`],
        ['State', message.state], ['Last error', message.last_error]])],
    confirmLabel: 'Retry now',
    reason: 'optional',
  });
  if (!answer) return null;
  const path = `/api/v1/groups/${encodeURIComponent(groupId)}/messages/${encodeURIComponent(message.message_id)}/retry`;
  return api.post(path, { actor: actor(), reason: answer.reason || undefined });
}

/** Retries every message matching `filter` (state, source, target, method); resolves to { retried } or null. */
export async function retryMatching(filter, shown) {
  const answer = await dialog.confirm({
    title: 'Retry all matching messages?',
    body: [h('p', {}, 'Every message matching this filter goes back to READY and is delivered again now — '
      + 'not only the ones on this page.'),
    facts([['State', filter.state.join(', ')], ['Source', filter.source || 'any'], ['Target', filter.target || 'any'],
      ['Method', filter.method || 'any'], ['Updated from', filter.from ? time(filter.from) : 'any time'],
      ['Updated before', filter.to ? time(filter.to) : 'now']]),
    h('p', { class: 'muted' }, `${shown} shown on this page.`)],
    confirmLabel: 'Retry all matching',
    danger: true,
    reason: 'optional',
  });
  if (!answer) return null;
  return api.post('/api/v1/messages/retry', { ...filter, actor: actor(), reason: answer.reason || undefined });
}

/** Resolves a PREPARED group as COMMITTED or ROLLED_BACK; resolves to the group, or null if cancelled. */
export async function resolveGroup(group, outcome) {
  const commit = outcome === 'COMMITTED';
  const answer = await dialog.confirm({
    title: commit ? 'Commit this group?' : 'Roll back this group?',
    body: [h('p', {}, commit
      ? `Its ${group.messages.length} message(s) will be delivered, as if the producer had committed.`
      : 'Its messages are cancelled and never delivered, as if the producer had rolled back.'),
    h('p', {}, 'Do this only when you know the outcome of the producer\'s local transaction.'),
    facts([['Group', group.group_id], ['Source', `${group.source} (${group.instance_id})`]])],
    confirmLabel: commit ? 'Commit group' : 'Roll back group',
    danger: !commit,
    reason: 'required',
  });
  if (!answer) return null;
  return api.post(`/api/v1/groups/${encodeURIComponent(group.group_id)}/resolve`,
    { outcome, reason: answer.reason, actor: actor() });
}
