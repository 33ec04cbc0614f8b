package io.lottor.spring.internal;

import io.lottor.client.ConsumedLog;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LottorClient;
import io.lottor.client.internal.RetentionPurge;
import io.lottor.spring.LottorProperties;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Lottor once every singleton exists: creates the tables (when enabled), subscribes every
 * {@link io.lottor.spring.LottorListener} method, then opens the session, so the coordinator gets one
 * Hello with every method and no session is reopened; then starts the retention purges. Stopping ends
 * the purges only: the client is closed when the context is destroyed, after the web server stopped
 * taking requests, so in-flight transactions still commit their groups.
 */
final class LottorLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LottorLifecycle.class);

    private final LottorClient client;
    private final JdbcBarrier barrier;
    private final ConsumedLog consumed;
    private final LottorProperties properties;
    private final ListenerCollector listeners;
    private final Function<ListenerEndpoint, ListenerInvoker> invokers;
    private final List<RetentionPurge> purges = new ArrayList<>();
    private volatile boolean running;

    LottorLifecycle(LottorClient client, JdbcBarrier barrier, ConsumedLog consumed, LottorProperties properties,
                    ListenerCollector listeners, Function<ListenerEndpoint, ListenerInvoker> invokers) {
        this.client = client;
        this.barrier = barrier;
        this.consumed = consumed;
        this.properties = properties;
        this.listeners = listeners;
        this.invokers = invokers;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        createTables();
        List<ListenerEndpoint> endpoints = listeners.take();
        endpoints.forEach(endpoint -> client.subscribe(endpoint.method(), byte[].class, invokers.apply(endpoint)));
        client.start();
        purges.add(new RetentionPurge(properties.barrier().retention(),
                () -> List.of(age -> barrier.purgeOlderThan(age, client::settledGroups))));
        purges.add(new RetentionPurge(properties.consumed().retention(), () -> List.of(consumed::purgeOlderThan)));
        running = true;
        log.info("lottor started service={} listeners={}", client.service(), endpoints);
    }

    private void createTables() {
        try {
            barrier.createTableIfMissing();
            consumed.createTableIfMissing();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create lottor_barrier / lottor_consumed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        purges.forEach(RetentionPurge::close);
        purges.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
