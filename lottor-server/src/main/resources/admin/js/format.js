// How times, states and payloads read on screen.
import { h } from './dom.js';

export const GROUP_STATES = ['PREPARED', 'COMMITTED', 'COMPLETED', 'ROLLED_BACK'];
export const MESSAGE_STATES = ['PENDING', 'READY', 'IN_FLIGHT', 'CONSUMED', 'FAILED', 'DEAD', 'CANCELLED'];

/** A PREPARED group older than this is shown as stuck. */
export const STUCK_AFTER_MS = 5 * 60 * 1000;

const TONES = {
  DEAD: 'bad', FAILED: 'warn', PREPARED: 'warn', IN_FLIGHT: 'info', READY: 'info', COMMITTED: 'info',
  CONSUMED: 'good', COMPLETED: 'good', PENDING: 'muted', CANCELLED: 'muted', ROLLED_BACK: 'muted',
};

export function tone(state) {
  return TONES[state] || 'muted';
}

export function badge(state, count) {
  const label = state.replace('_', ' ');
  return h('span', { class: `badge ${tone(state)}` }, count === undefined ? label : `${count} ${label}`);
}

/** Local date and time, seconds included; the ISO value is the tooltip. */
export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const text = date.toLocaleString(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  return h('time', { datetime: iso, title: iso }, text);
}

export function ago(iso) {
  if (!iso) return '—';
  const ms = Date.now() - Date.parse(iso);
  const text = Math.abs(ms) < 5000 ? 'just now' : duration(ms, 'ago');
  return h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, text);
}

/** "3 min ago", "in 2 s": a short human duration. */
export function duration(ms, suffix) {
  const future = ms < 0;
  const abs = Math.abs(ms);
  const units = [[86400000, 'd'], [3600000, 'h'], [60000, 'min'], [1000, 's']];
  const [size, unit] = units.find(([s]) => abs >= s) || [1000, 's'];
  const text = `${Math.floor(abs / size)} ${unit}`;
  if (!suffix) return text;
  return future ? `in ${text}` : `${text} ${suffix}`;
}

/** A payload for people: pretty JSON, or the base64 text with its content type. */
export function payloadText(message) {
  if (message.payload !== undefined) return JSON.stringify(message.payload, null, 2);
  return message.payload_base64 ?? '';
}

/** The base64 payload as text when it is valid UTF-8 without control characters, else null. */
export function base64Text(base64) {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
  } catch (e) {
    return null;
  }
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
