package io.lottor.client.internal;

import io.grpc.Status;
import io.lottor.client.LottorRpcException;
import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Welcome;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of a broker delivery. Each Welcome says whether the server delivers through a broker
 * and where: the link starts the {@link BrokerConsumer} for it (or stops the one it runs when the server
 * delivers directly), and keeps the Welcome's session id to report results with. A consumed delivery
 * runs on the same {@link DeliveryDispatcher} (so the same subscriptions and idempotent helper) as one
 * that came on the session; its result goes with ReportConsumption, naming the session open when it is
 * sent, and the broker message is acknowledged only once that call was answered: accepted, or refused
 * for good (a stale attempt: the server publishes the current one itself). A report that cannot be made
 * (the server unreachable past the client's retries) leaves the message unacknowledged, and the consumer
 * is restarted so that the broker delivers it again. Thread-safe.
 */
public final class BrokerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);
    private static final Set<Status.Code> REFUSED_FOR_GOOD = Set.of(Status.Code.FAILED_PRECONDITION,
            Status.Code.INVALID_ARGUMENT, Status.Code.PERMISSION_DENIED, Status.Code.NOT_FOUND);

    private final Function<BrokerDelivery, BrokerConsumer> consumers;
    private final int maxInFlight;
    private final DeliveryDispatcher dispatcher;
    private final CoordinatorCalls calls;
    private volatile String sessionId = "";
    private BrokerDelivery broker;
    private BrokerConsumer consumer;
    private boolean closed;

    /** @param consumers makes the consumer of a Welcome's broker (see {@link BrokerConsumers}) */
    public BrokerLink(Function<BrokerDelivery, BrokerConsumer> consumers, int maxInFlight, DeliveryDispatcher dispatcher,
                      CoordinatorCalls calls) {
        this.consumers = consumers;
        this.maxInFlight = maxInFlight;
        this.dispatcher = dispatcher;
        this.calls = calls;
    }

    /**
     * A Welcome arrived: the broker it names is consumed from (started once; again only when it changes),
     * once something is subscribed (a client that only produces never takes its service's messages).
     */
    public void welcomed(Welcome welcome) {
        sessionId = welcome.getSessionId();
        boolean wanted = welcome.hasBroker() && welcome.getBroker().getKind() != BrokerDelivery.Kind.KIND_UNSPECIFIED
                && !dispatcher.methods().isEmpty();
        BrokerDelivery named = wanted ? welcome.getBroker() : null;
        synchronized (this) {
            if (closed || (named == null ? broker == null : named.equals(broker))) {
                return;
            }
            stop();
            if (named != null) {
                start(named);
            }
        }
    }

    /** Whether a broker consumer runs now. */
    public synchronized boolean isConsuming() {
        return consumer != null;
    }

    /** Stops consuming; what was not acknowledged goes back to the broker. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    private void start(BrokerDelivery named) {
        try {
            BrokerConsumer started = consumers.apply(named);
            started.start(named, maxInFlight, this::accept);
            consumer = started;
            broker = named;
            log.info("consuming from broker kind={} address={} destination={} max_in_flight={}", named.getKind(),
                    named.getAddress(), named.getDestination(), maxInFlight);
        } catch (RuntimeException e) {
            log.error("cannot consume from the server's broker kind={} destination={} error={}", named.getKind(),
                    named.getDestination(), e.getMessage());
        }
    }

    private void stop() {
        if (consumer != null) {
            consumer.close();
            log.info("stopped consuming from broker kind={} destination={}", broker.getKind(), broker.getDestination());
        }
        consumer = null;
        broker = null;
    }

    private void accept(Delivery delivery, Runnable acknowledge) {
        dispatcher.dispatch(delivery, result -> report(result, acknowledge));
    }

    private void report(ConsumeResult result, Runnable acknowledge) {
        calls.reportAsync(result.getGroupId(), () -> result.toBuilder().setSessionId(sessionId).build())
                .whenComplete((answered, error) -> {
                    if (error == null) {
                        acknowledge.run();
                    } else if (refusedForGood(error)) {
                        log.info("result refused, broker message dropped group={} message={} attempt={} reason={}",
                                result.getGroupId(), result.getMessageId(), result.getAttempt(), cause(error).getMessage());
                        acknowledge.run();
                    } else {
                        log.warn("result not reported, consuming again to get the message back group={} message={}"
                                + " error={}", result.getGroupId(), result.getMessageId(), cause(error).getMessage());
                        restart();
                    }
                });
    }

    private synchronized void restart() {
        BrokerDelivery current = broker;
        if (closed || current == null) {
            return;
        }
        stop();
        start(current);
    }

    /** Refused for what it says, not for the session it names (that one is retried, then consumed again). */
    private static boolean refusedForGood(Throwable error) {
        return cause(error) instanceof LottorRpcException rpc && REFUSED_FOR_GOOD.contains(rpc.code())
                && !(rpc.getMessage() != null && rpc.getMessage().contains("session_id"));
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
