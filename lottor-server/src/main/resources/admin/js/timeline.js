// A group's history: one line per event, oldest first; failures and dead ends stand out.
import { h } from './dom.js';
import { time } from './format.js';

const TONES = { FAILED: 'warn', DEAD: 'bad', CONSUMED: 'good', COMPLETED: 'good', RESOLVED: 'info', RETRIED: 'info',
  ROLLED_BACK: 'muted', COMMITTED: 'info', PREPARED: 'muted', CHECK_BACK: 'muted', DELIVERED: 'muted' };

export function timeline(events, { showMessage = true } = {}) {
  if (!events?.length) return h('p', { class: 'muted' }, 'No events recorded.');
  return h('ol', { class: 'timeline' }, events.map((event) => h('li', { class: `event ${TONES[event.kind] || 'muted'}` },
    h('div', { class: 'event-head' },
      h('span', { class: `badge ${TONES[event.kind] || 'muted'}` }, event.kind.replace('_', ' ')),
      time(event.at),
      event.attempt ? h('span', { class: 'muted' }, `attempt ${event.attempt}`) : null,
      showMessage && event.message_id ? h('span', { class: 'mono' }, `message ${event.message_id}`) : null,
      event.actor ? h('span', { class: 'actor' }, `by ${event.actor}`) : null),
    event.detail ? h('p', { class: event.kind === 'FAILED' || event.kind === 'DEAD' ? 'error-text' : 'detail' }, event.detail) : null)));
}
