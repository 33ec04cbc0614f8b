// The dashboard's first block: one line per problem, in the order an operator should act on them.
// Dead messages, a stuck prepared group, messages nobody can consume (per target), failed messages.
import { h } from '../dom.js';
import { STUCK_AFTER_MS, duration, plural } from '../format.js';
import { groupHref } from '../router.js';

export function attention(stats) {
  const items = problems(stats);
  if (!items.length) {
    return h('section', { class: 'attention ok', 'aria-label': 'Attention' },
      h('p', {}, h('strong', {}, 'All clear. '),
        'No dead or failed messages, no stuck prepared group, no message waiting for a consumer.'));
  }
  return h('section', { class: 'attention', 'aria-label': 'Needs attention' },
    h('h2', {}, 'Needs attention'),
    h('ul', {}, items.map(({ tone, text, href, action }) =>
      h('li', { class: `problem-line ${tone}` }, h('span', {}, text), h('a', { href, class: 'button-link' }, action)))));
}

function problems(stats) {
  const dead = stats.messages?.DEAD || 0;
  const failed = stats.messages?.FAILED || 0;
  const oldest = stats.oldest_prepared;
  const items = [];
  if (dead > 0) {
    items.push({ tone: 'bad', text: `${plural(dead, 'dead message')}: delivery gave up.`,
      href: '#/messages?state=DEAD', action: 'Review and retry' });
  }
  if (oldest && oldest.age_ms > STUCK_AFTER_MS) {
    items.push({ tone: 'bad', text: `Group ${oldest.group_id} (${oldest.source}) is stuck in PREPARED for ${duration(oldest.age_ms)}.`,
      href: groupHref(oldest.group_id), action: 'Open group' });
  }
  for (const waiting of stats.waiting_for_consumer?.targets || []) items.push(waitingLine(waiting));
  if (failed > 0) {
    items.push({ tone: 'warn', text: `${plural(failed, 'failed message')} waiting for another attempt.`,
      href: '#/messages?state=FAILED', action: 'See errors' });
  }
  return items;
}

/** Committed messages of one target that no connected session can take: they would wait for ever. */
function waitingLine(waiting) {
  const methods = waiting.methods.join(', ');
  const why = waiting.sessions === 0
    ? `no consumer of ${waiting.target} is connected (is the target name right?)`
    : `no connected instance of ${waiting.target} handles ${waiting.methods.length === 1 ? 'method' : 'methods'} ${methods}`;
  return {
    tone: 'bad',
    text: `${plural(waiting.messages, 'message')} for ${waiting.target} (${methods}) waiting ${duration(waiting.age_ms)}: ${why}.`,
    href: `#/groups?state=COMMITTED&target=${encodeURIComponent(waiting.target)}`,
    action: 'Open groups',
  };
}
