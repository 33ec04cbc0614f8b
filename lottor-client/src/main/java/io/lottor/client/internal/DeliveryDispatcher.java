package io.lottor.client.internal;

import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs deliveries on a handler pool of at most {@code maxInFlight} threads and sends each one's
 * ConsumeResult on the session. A delivery for a method nobody subscribed to fails with
 * "no handler for method X". At most {@code maxInFlight} deliveries wait for a thread (the server sends
 * no more than that unanswered per session; a reopened session may briefly add its redeliveries): a
 * delivery beyond that is answered as failed at once ("client overloaded"), so memory stays bounded
 * and the server retries it later. Thread-safe.
 */
public final class DeliveryDispatcher {
    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private final Predicate<ClientFrame> sender;
    private final int maxInFlight;

    public DeliveryDispatcher(int maxInFlight, Predicate<ClientFrame> sender) {
        this.sender = sender;
        this.maxInFlight = maxInFlight;
        this.executor = new ThreadPoolExecutor(maxInFlight, maxInFlight, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(maxInFlight), new NamedThreads("lottor-handler"));
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Registers the method's subscription; a method can be subscribed once. */
    public void subscribe(String method, Subscription subscription) {
        if (subscriptions.putIfAbsent(method, subscription) != null) {
            throw new IllegalStateException("method " + method + " is already subscribed");
        }
    }

    /** The subscribed methods, for Hello. */
    public List<String> methods() {
        return List.copyOf(subscriptions.keySet());
    }

    /**
     * Queues the delivery; after {@link #drain} it is dropped unanswered (the server redelivers it), and
     * when the queue is full it is answered as failed.
     */
    public void dispatch(Delivery delivery) {
        dispatch(delivery, this::report);
    }

    /**
     * As {@link #dispatch(Delivery)}, for a delivery that did not come on the session (a broker's): its
     * result goes to {@code results} instead of the session.
     */
    public void dispatch(Delivery delivery, Consumer<ConsumeResult> results) {
        try {
            executor.execute(() -> run(delivery, results));
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                log.debug("delivery dropped, client closing group={} message={}", delivery.getGroupId(),
                        delivery.getMessage().getMessageId());
                return;
            }
            log.warn("delivery refused, handler queue full group={} message={} max_in_flight={}",
                    delivery.getGroupId(), delivery.getMessage().getMessageId(), maxInFlight);
            results.accept(ConsumeResult.newBuilder().setGroupId(delivery.getGroupId())
                    .setMessageId(delivery.getMessage().getMessageId()).setAttempt(delivery.getAttempt())
                    .setSuccess(false).setError("client overloaded: " + maxInFlight
                            + " deliveries running and " + maxInFlight + " waiting (max in flight)").build());
        }
    }

    /** Stops taking deliveries and waits up to {@code timeout} for running ones; true if all finished. */
    public boolean drain(Duration timeout) {
        executor.shutdown();
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run(Delivery delivery, Consumer<ConsumeResult> results) {
        long started = System.nanoTime();
        ConsumeResult.Builder result = ConsumeResult.newBuilder().setGroupId(delivery.getGroupId())
                .setMessageId(delivery.getMessage().getMessageId()).setAttempt(delivery.getAttempt());
        Subscription subscription = subscriptions.get(delivery.getMessage().getMethod());
        if (subscription == null) {
            result.setSuccess(false).setError("no handler for method " + delivery.getMessage().getMethod());
        } else {
            consume(subscription, delivery, result);
        }
        result.setDurationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        results.accept(result.build());
    }

    private static void consume(Subscription subscription, Delivery delivery, ConsumeResult.Builder result) {
        try {
            subscription.consume(delivery);
            result.setSuccess(true);
        } catch (Throwable t) {
            result.setSuccess(false).setError(ErrorText.of(t));
            log.warn("message failed group={} message={} attempt={} error={}", delivery.getGroupId(),
                    delivery.getMessage().getMessageId(), delivery.getAttempt(), result.getError());
        }
    }

    private void report(ConsumeResult result) {
        if (!sender.test(ClientFrame.newBuilder().setConsumeResult(result).build())) {
            log.info("result not sent, session down; the server redelivers group={} message={}",
                    result.getGroupId(), result.getMessageId());
        }
    }
}
