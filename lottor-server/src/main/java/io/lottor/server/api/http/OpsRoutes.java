package io.lottor.server.api.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lottor.server.cluster.NodeLiveness;
import io.lottor.server.delivery.direct.WaitingForConsumer;
import io.lottor.server.security.Role;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.ClusterSessions;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator's view of the server: {@code GET /metrics} (Prometheus text, open), and the admin
 * endpoints {@code GET /api/v1/stats} (counts, the oldest prepared group, messages waiting for a
 * consumer, throughput), {@code /sessions} and {@code /nodes} (of every server sharing the database) and
 * {@code /whoami}. Shapes
 * are those of the HTTP API contract; {@link AccessControl} guards them.
 */
public final class OpsRoutes {
    private static final long MINUTE_MS = 60_000;
    private static final long HOUR_MS = 3_600_000;

    private final Store store;
    private final SessionRegistry sessions;
    private final ClusterSessions cluster;
    private final WaitingForConsumer waiting;
    private final Supplier<String> metricsText;
    private final NodeLiveness liveness;
    private final Clock clock;

    /**
     * @param sessions    this server's open sessions (their in-flight count and last heartbeat are current)
     * @param cluster     the sessions of every live server sharing the database; its server id flags this one
     * @param metricsText the metrics in Prometheus text format, read on every scrape
     * @param waiting     the READY messages no session takes, for the stats' {@code waiting_for_consumer}
     * @param liveness    which nodes count as alive
     */
    public OpsRoutes(Store store, SessionRegistry sessions, ClusterSessions cluster, WaitingForConsumer waiting,
                     Supplier<String> metricsText, NodeLiveness liveness, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.cluster = cluster;
        this.waiting = waiting;
        this.metricsText = metricsText;
        this.liveness = liveness;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/metrics", this::metrics);
        app.get("/api/v1/stats", ctx -> ctx.json(stats()));
        app.get("/api/v1/sessions", ctx -> ctx.json(Map.of("sessions", sessions())));
        app.get("/api/v1/nodes", ctx -> ctx.json(Map.of("nodes", nodes())));
        app.get("/api/v1/whoami", this::whoami);
    }

    /**
     * The sessions of every live server, by service then instance: this server's as its memory has them
     * (in flight and last heartbeat now), the others' as their last node heartbeat stored them.
     */
    private List<Map<String, Object>> sessions() {
        Map<String, ClientSession> local = new HashMap<>();
        sessions.all().forEach(session -> local.put(session.sessionId(), session));
        List<Map<String, Object>> json = new ArrayList<>();
        for (ClusterSession session : cluster.live()) {
            ClientSession here = local.remove(session.sessionId());
            json.add(here != null ? OpsJson.session(here, cluster.serverId()) : OpsJson.session(session, false));
        }
        local.values().stream().filter(ClientSession::isOpen)
                .forEach(session -> json.add(OpsJson.session(session, cluster.serverId())));
        json.sort(Comparator.comparing((Map<String, Object> s) -> s.get("service") + "/" + s.get("instance_id")));
        return json;
    }

    private List<Map<String, Object>> nodes() {
        long now = clock.millis();
        return store.nodes().stream().map(node -> OpsJson.node(node, node.serverId().equals(cluster.serverId()),
                liveness.isAlive(node, now))).toList();
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metricsText.get());
    }

    private void whoami(Context ctx) {
        Role role = ctx.attribute(AccessControl.ROLE);
        ctx.json(Map.of("role", role == Role.ADMIN ? "admin" : "client"));
    }

    private Map<String, Object> stats() {
        long now = clock.millis();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("groups", OpsJson.counts(store.countGroupsByState()));
        json.put("messages", OpsJson.counts(store.countMessagesByState()));
        json.put("oldest_prepared", store.oldestPrepared().map(o -> OpsJson.oldest(o, now)).orElse(null));
        json.put("waiting_for_consumer", OpsJson.waiting(waiting.after(), waiting.targets(), now));
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("per_minute", OpsJson.buckets(store.throughput(startOf(now, MINUTE_MS, 60), MINUTE_MS, 60)));
        throughput.put("per_hour", OpsJson.buckets(store.throughput(startOf(now, HOUR_MS, 24), HOUR_MS, 24)));
        json.put("throughput", throughput);
        return json;
    }

    /** The start of the oldest of {@code buckets} aligned buckets, the last of which holds {@code now}. */
    private static long startOf(long now, long bucketMs, int buckets) {
        return (now / bucketMs) * bucketMs - (buckets - 1) * bucketMs;
    }
}
