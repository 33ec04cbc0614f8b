// One message of a group as a card: state, attempts, last error, payload, headers and its own events.
import { h } from '../dom.js';
import { ago, badge, base64Text, payloadText, plural, time } from '../format.js';
import { retryMessage } from '../actions.js';
import { timeline } from '../timeline.js';
import { facts, flash } from '../ui.js';

export function messageCard(group, message, notice) {
  const events = (group.history || []).filter((e) => e.message_id === message.message_id);
  const problem = message.state === 'DEAD' ? 'bad' : message.state === 'FAILED' ? 'warn' : '';
  return h('article', { class: `card message ${problem}`, dataset: { messageId: message.message_id },
    'aria-label': `Message ${message.message_id}` },
  h('div', { class: 'card-head' },
    h('h3', {}, h('span', { class: 'mono' }, message.message_id), ' ', h('span', { class: 'route' }, `→ ${message.target} · ${message.method}`)),
    h('span', { class: 'message-state' }, badge(message.state))),
  lastError(message),
  retryable(message) ? retryButton(group, message, notice) : null,
  facts([['Attempts', String(message.attempts)], ['Next attempt', message.next_attempt_at ? time(message.next_attempt_at) : null],
    ['Consumed by', message.consumed_by], ['Updated', ago(message.updated_at)], ['Content type', message.content_type]], { inline: true }),
  headers(message.headers, message.message_id), payload(message),
  events.length ? h('details', { class: 'message-history', dataset: { key: `${message.message_id}/history` } },
    h('summary', {}, `History (${plural(events.length, 'event')})`), timeline(events, { showMessage: false })) : null);
}

/** Why the message failed; for a cancelled message (its group rolled back), why it was cancelled. */
function lastError(message) {
  if (!message.last_error) return null;
  const cancelled = message.state === 'CANCELLED';
  return h('div', { class: cancelled ? 'last-error neutral' : 'last-error' },
    h('strong', {}, cancelled ? 'Cancelled because' : 'Last error'), h('pre', {}, message.last_error));
}

function retryable(message) {
  return message.state === 'DEAD' || message.state === 'FAILED';
}

function retryButton(group, message, notice) {
  const button = h('button', { type: 'button', class: 'primary retry' }, 'Retry message…');
  button.addEventListener('click', async () => {
    try {
      const summary = await retryMessage(group.group_id, message);
      if (!summary) return;
      flash(notice, `Message ${message.message_id} is ${summary.state} again and will be delivered now.`);
      window.dispatchEvent(new Event('lottor:refresh'));
    } catch (error) {
      flash(notice, `Could not retry ${message.message_id}: ${error.message}`, 'bad');
    }
  });
  return h('div', { class: 'actions' }, button);
}

function headers(values, messageId) {
  const entries = Object.entries(values || {});
  if (!entries.length) return null;
  return h('details', { dataset: { key: `${messageId}/headers` } }, h('summary', {}, `Headers (${entries.length})`),
    facts(entries.map(([k, v]) => [k, h('code', {}, v)])));
}

function payload(message) {
  const base64 = message.payload === undefined;
  const text = base64 ? base64Text(message.payload_base64 || '') : null;
  return h('details', { class: 'payload', open: true, dataset: { key: `${message.message_id}/payload` } },
    h('summary', {}, base64 ? `Payload (base64, ${message.content_type})` : 'Payload (JSON)'),
    h('pre', { class: 'code', tabindex: 0, 'aria-label': 'Payload' }, payloadText(message)),
    text ? [h('p', { class: 'muted' }, 'Decoded as UTF-8 text:'), h('pre', { class: 'code', tabindex: 0 }, text)] : null);
}
