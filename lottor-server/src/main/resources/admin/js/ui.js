// Building blocks shared by the pages: tables that turn into cards on phones, empty and error states.
import { h } from './dom.js';

/**
 * A table; on narrow screens each row becomes a card whose cells are labelled by `data-label`.
 * columns: [{ label, cell: row => node|string, class? }]; options: { caption, rowClass: row => string }.
 */
export function table(columns, rows, { caption, rowClass } = {}) {
  const head = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label))));
  const body = h('tbody', {}, rows.map((row) => h('tr', { class: rowClass ? rowClass(row) : undefined },
    columns.map((c) => h('td', { 'data-label': c.label, class: c.class }, h('div', { class: 'cell' }, c.cell(row)))))));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' }, caption ? h('caption', { class: 'visually-hidden' }, caption) : null, head, body));
}

export function emptyState(title, detail) {
  return h('div', { class: 'empty', role: 'status' }, h('p', { class: 'empty-title' }, title),
    detail ? h('p', { class: 'empty-detail' }, detail) : null);
}

/** What went wrong, in words an operator can act on. */
export function describe(error) {
  if (error.unreachable) return { title: 'Server unreachable', detail: 'No answer from the Lottor server. Check that it is running and reachable.' };
  if (error.status === 401) return { title: 'Not logged in', detail: 'The server rejected the admin token (401).' };
  if (error.status >= 500) return { title: `Server error ${error.status}`, detail: `${error.code}: ${error.message}` };
  if (error.status === 404) return { title: 'Not found', detail: error.message };
  return { title: `Request refused (${error.status} ${error.code})`, detail: error.message };
}

export function errorState(error) {
  const { title, detail } = describe(error);
  return h('div', { class: 'error-state', role: 'alert' }, h('p', { class: 'error-title' }, title), h('p', {}, detail));
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, 'Loading…');
}

export function pageHeader(title, ...extra) {
  return h('div', { class: 'page-header' }, h('h1', {}, title), extra);
}

export function card(title, ...children) {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), children);
}

/** A short-lived message under a form or action ("Retried 3 messages"). */
export function flash(container, text, tone = 'good') {
  const message = h('p', { class: `flash ${tone}`, role: tone === 'bad' ? 'alert' : 'status' }, text);
  container.replaceChildren(message);
  // Good news goes stale as the live view moves on; errors stay until the next action.
  if (tone === 'good') setTimeout(() => message.remove(), 15000);
}

/** Definition list from [label, value] pairs; empty values show a dash. `inline` lays pairs out in columns. */
export function facts(pairs, { inline = false } = {}) {
  return h('dl', { class: inline ? 'facts inline' : 'facts' }, pairs.map(([label, value]) => h('div', { class: 'fact' },
    h('dt', {}, label), h('dd', {}, value === undefined || value === null || value === '' ? '—' : value))));
}
