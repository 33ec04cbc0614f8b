// Connected clients: one row per session (a service instance connected over gRPC) on any server of the
// cluster, with the server it is connected to.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { ago, time } from '../format.js';
import { emptyState, loading, pageHeader, table } from '../ui.js';

/** A heartbeat older than this is shown as late. */
const LATE_HEARTBEAT_MS = 30000;

export default {
  title: 'Clients',
  nav: 'clients',
  create(view) {
    const results = h('div', { class: 'results' }, loading());
    replace(view, pageHeader('Connected clients'),
      h('p', { class: 'lead' }, 'Service instances connected to the servers sharing this store, the server each is on, the methods they consume and their load.'), results);
    return {
      async refresh() {
        const { sessions } = await api.get('/api/v1/sessions');
        replace(results, list(sessions));
      },
    };
  },
};

function list(sessions) {
  if (!sessions.length) return emptyState('No client is connected', 'Services appear here while their Lottor client is connected.');
  const sorted = [...sessions].sort((a, b) => a.service.localeCompare(b.service) || a.instance_id.localeCompare(b.instance_id));
  return table([
    { label: 'Service', cell: (s) => h('strong', {}, s.service) },
    { label: 'Instance', cell: (s) => h('span', { class: 'mono' }, s.instance_id) },
    { label: 'Address', cell: (s) => h('span', { class: 'mono' }, s.address) },
    { label: 'Server', cell: server },
    { label: 'Consumes', cell: (s) => (s.methods?.length ? h('span', { class: 'badges' }, s.methods.map((m) => h('code', { class: 'kv' }, m))) : '—') },
    { label: 'Check-backs', cell: (s) => (s.answers_check_back ? 'answers' : 'no') },
    { label: 'In flight', cell: (s) => `${s.in_flight} / ${s.max_in_flight}${s.self ? '' : ' *'}` },
    { label: 'Connected', cell: (s) => time(s.connected_at) },
    { label: 'Last heartbeat', cell: heartbeat },
  ], sorted, { caption: 'Connected client sessions (* in flight and last heartbeat as of their server\'s last node heartbeat)', rowClass: (s) => (late(s) ? 'row-warn' : undefined) });
}

function server(session) {
  return [h('span', { class: 'mono' }, session.server_id), session.self ? h('span', { class: 'badge info' }, 'THIS SERVER') : null];
}

function late(session) {
  return Date.now() - Date.parse(session.last_heartbeat_at) > LATE_HEARTBEAT_MS;
}

function heartbeat(session) {
  return late(session) ? h('span', { class: 'warn-text' }, ago(session.last_heartbeat_at), ' (late)') : ago(session.last_heartbeat_at);
}
