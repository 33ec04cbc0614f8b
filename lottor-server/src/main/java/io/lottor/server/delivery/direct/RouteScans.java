package io.lottor.server.delivery.direct;

import io.lottor.server.store.DueMessage;
import io.lottor.server.store.Store;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store scans for due messages, one route (target and method) at a time, when the {@link ScanPlan} says
 * so: each reads on the dispatcher's background thread no more than its route's queue has room for (in
 * count and bytes), and offers what it found back on the dispatcher thread, numbered so that
 * {@link ReadyQueues} skips what was released while it ran. Not thread-safe: driven by the dispatcher
 * thread.
 */
final class RouteScans {
    private static final Logger log = LoggerFactory.getLogger(RouteScans.class);
    private static final int SCAN_LIMIT = 1000;

    private final Store store;
    private final ReadyQueues queues;
    private final Routes routes;
    private final ScanPlan plan;
    private final EventLoop loop;

    RouteScans(Store store, ReadyQueues queues, Routes routes, ScanPlan plan, EventLoop loop) {
        this.store = store;
        this.queues = queues;
        this.routes = routes;
        this.plan = plan;
        this.loop = loop;
    }

    /**
     * Starts the scans due at {@code now}; each, when done, is offered on the dispatcher thread through
     * {@code post}, after which {@code pump} runs for its route.
     */
    void start(long now, Consumer<Runnable> post, Consumer<Route> pump) {
        for (Route route : plan.start(now, routes.live(), queues::wantsMore)) {
            long scan = queues.scanStarted();
            int limit = Math.min(SCAN_LIMIT, queues.freeCount(route));
            long maxBytes = queues.freeBytes(route);
            loop.inBackground(() -> {
                List<DueMessage> due = read(route, now, limit, maxBytes);
                post.accept(() -> {
                    offer(route, scan, due, limit, maxBytes);
                    pump.accept(route);
                });
            });
        }
    }

    private List<DueMessage> read(Route route, long now, int limit, long maxBytes) {
        try {
            return store.dueMessages(route.target(), route.method(), now, limit, maxBytes);
        } catch (RuntimeException e) {
            log.warn("due message scan failed target={} method={} error={}", route.target(), route.method(),
                    e.toString());
            return List.of();
        }
    }

    private void offer(Route route, long scan, List<DueMessage> due, int limit, long maxBytes) {
        plan.finished(route);
        boolean more = due.size() >= limit || due.stream().mapToLong(m -> m.payload().length).sum() >= maxBytes;
        for (DueMessage message : due) {
            if (!routes.hasConsumers(route)) {
                break;
            }
            if (!queues.offerScanned(message, scan)) {
                more = true;
                break;
            }
        }
        queues.scanFinished(scan);
        if (more) {
            plan.want(route);
        }
    }
}
