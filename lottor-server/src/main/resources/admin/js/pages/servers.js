// Cluster nodes: the Lottor servers sharing this store, whether each is alive (heartbeat within three
// intervals), and when each was last seen. A dead server stays listed for a minute.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { ago, time } from '../format.js';
import { emptyState, loading, pageHeader, table } from '../ui.js';

export default {
  title: 'Servers',
  nav: 'servers',
  create(view) {
    const results = h('div', { class: 'results' }, loading());
    replace(view, pageHeader('Servers'),
      h('p', { class: 'lead' }, 'Lottor server nodes that share this store. A server silent for three heartbeats is dead: its sessions are dropped and its deliveries are taken over by the others once their leases end.'), results);
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
    { label: 'State', cell: (n) => (n.alive ? h('span', { class: 'badge good' }, 'ALIVE') : h('span', { class: 'badge bad' }, 'DEAD')) },
    { label: 'Host', cell: (n) => h('span', { class: 'mono' }, n.host) },
    { label: 'Ports', cell: (n) => `gRPC ${n.grpc_port} · HTTP ${n.http_port}` },
    { label: 'Version', cell: (n) => n.version },
    { label: 'Started', cell: (n) => time(n.started_at) },
    { label: 'Last seen', cell: lastSeen },
  ], nodes, { caption: 'Server nodes', rowClass: (n) => (n.alive ? undefined : 'row-bad') });
}

function lastSeen(node) {
  return node.alive ? ago(node.last_seen_at) : h('span', { class: 'error-text' }, ago(node.last_seen_at), ' (silent: dead)');
}
