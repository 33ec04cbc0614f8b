package io.lottor.server.api.http;

import io.lottor.server.delivery.direct.WaitingForConsumer;
import io.lottor.server.session.ClientSession;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.OldestPrepared;
import io.lottor.server.store.ServerNode;
import io.lottor.server.store.ThroughputBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the ops endpoints, snake_case, times as ISO-8601 strings. */
final class OpsJson {
    private OpsJson() {
    }

    static Map<String, Long> counts(Map<? extends Enum<?>, Long> byState) {
        Map<String, Long> json = new LinkedHashMap<>();
        byState.forEach((state, count) -> json.put(state.name(), count));
        return json;
    }

    static Map<String, Object> oldest(OldestPrepared oldest, long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", oldest.groupId());
        json.put("source", oldest.source());
        json.put("created_at", time(oldest.createdAt()));
        json.put("age_ms", Math.max(0, now - oldest.createdAt()));
        return json;
    }

    /** {@code {"after_ms", "messages", "targets": [{target, sessions, methods, messages, oldest_at, age_ms}]}}. */
    static Map<String, Object> waiting(Duration after, List<WaitingForConsumer.Target> targets, long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("after_ms", after.toMillis());
        json.put("messages", targets.stream().mapToLong(WaitingForConsumer.Target::messages).sum());
        json.put("targets", targets.stream().map(target -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("target", target.target());
            one.put("sessions", target.sessions());
            one.put("methods", target.methods());
            one.put("messages", target.messages());
            one.put("oldest_at", time(target.oldestAt()));
            one.put("age_ms", Math.max(0, now - target.oldestAt()));
            return one;
        }).toList());
        return json;
    }

    static List<Map<String, Object>> buckets(List<ThroughputBucket> buckets) {
        return buckets.stream().map(bucket -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("at", time(bucket.at()));
            json.put("prepared", bucket.prepared());
            json.put("consumed", bucket.consumed());
            json.put("failed", bucket.failed());
            return json;
        }).toList();
    }

    /** A session of this server ({@code serverId}), as its memory has it. */
    static Map<String, Object> session(ClientSession session, String serverId) {
        return session(new ClusterSession(session.sessionId(), serverId, session.service(), session.instanceId(),
                session.methods(), session.answersCheckBack(), session.maxInFlight(), Math.max(0, session.inFlight()),
                session.remoteAddress(), session.connectedAt(), session.lastSeenAt()), true);
    }

    /** A session of any server; {@code self} when it is on this one. */
    static Map<String, Object> session(ClusterSession session, boolean self) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("session_id", session.sessionId());
        json.put("service", session.service());
        json.put("instance_id", session.instanceId());
        json.put("address", address(session.remoteAddress()));
        json.put("methods", session.methods().stream().sorted().toList());
        json.put("answers_check_back", session.answersCheckBack());
        json.put("max_in_flight", session.maxInFlight());
        json.put("in_flight", session.inFlight());
        json.put("connected_at", time(session.connectedAt()));
        json.put("last_heartbeat_at", time(session.lastHeartbeatAt()));
        json.put("server_id", session.serverId());
        json.put("self", self);
        return json;
    }

    static Map<String, Object> node(ServerNode node, boolean self, boolean alive) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server_id", node.serverId());
        json.put("host", node.host());
        json.put("grpc_port", node.grpcPort());
        json.put("http_port", node.httpPort());
        json.put("version", node.version());
        json.put("started_at", time(node.startedAt()));
        json.put("last_seen_at", time(node.lastSeenAt()));
        json.put("self", self);
        json.put("alive", alive);
        return json;
    }

    /** {@code 127.0.0.1:5432} rather than the socket address's {@code /127.0.0.1:5432}. */
    private static String address(String remote) {
        return remote != null && remote.startsWith("/") ? remote.substring(1) : remote;
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
