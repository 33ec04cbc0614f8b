// Cluster nodes: the Lottor servers sharing this store, and when each was last seen.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { ago, time } from '../format.js';
import { emptyState, loading, pageHeader, table } from '../ui.js';

/** A node not seen for this long is shown as possibly down. */
const GONE_AFTER_MS = 60000;

export default {
  title: 'Servers',
  nav: 'servers',
  create(view) {
    const results = h('div', { class: 'results' }, loading());
    replace(view, pageHeader('Servers'),
      h('p', { class: 'lead' }, 'Lottor server nodes that share this store.'), results);
    return {
      async refresh() {
        const { nodes } = await api.get('/api/v1/nodes');
        replace(results, list(nodes));
      },
    };
  },
};

function list(nodes) {
  if (!nodes.length) return emptyState('No server node registered', 'Nodes register themselves when they start.');
  return table([
    { label: 'Server', cell: (n) => [h('span', { class: 'mono' }, n.server_id), n.self ? h('span', { class: 'badge info' }, 'THIS SERVER') : null] },
    { label: 'Host', cell: (n) => h('span', { class: 'mono' }, n.host) },
    { label: 'Ports', cell: (n) => `gRPC ${n.grpc_port} · HTTP ${n.http_port}` },
    { label: 'Version', cell: (n) => n.version },
    { label: 'Started', cell: (n) => time(n.started_at) },
    { label: 'Last seen', cell: lastSeen },
  ], nodes, { caption: 'Server nodes', rowClass: (n) => (gone(n) ? 'row-bad' : undefined) });
}

function gone(node) {
  return !node.self && Date.now() - Date.parse(node.last_seen_at) > GONE_AFTER_MS;
}

function lastSeen(node) {
  return gone(node) ? h('span', { class: 'error-text' }, ago(node.last_seen_at), ' (not seen: down?)') : ago(node.last_seen_at);
}
