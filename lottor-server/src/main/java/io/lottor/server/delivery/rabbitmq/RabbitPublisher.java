package io.lottor.server.delivery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.lottor.server.delivery.broker.Publisher;
import io.lottor.server.store.DueMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes deliveries to RabbitMQ with the official client: one connection (TLS with {@code amqps://},
 * automatic recovery) and one channel in confirm mode. Each target's durable queue ({@code prefix +
 * target}, on the default exchange) is declared before its first publish; messages are persistent
 * (delivery mode 2), {@code application/x-protobuf}, with headers {@code group_id}, {@code message_id},
 * {@code method} and {@code attempt}, and mandatory, so one that no queue took is returned and counts as
 * not confirmed.
 *
 * <p>Publisher confirms are handled asynchronously: a broker ack completes the publish, a nack, a return
 * or the channel's loss fails it, and one not confirmed within the confirm timeout fails. A broker that is
 * unreachable at start is connected to in the background, every {@value #CONNECT_EVERY_MS} ms, while
 * {@link #isHealthy()} says false and publishes fail at once. Publishes run on one thread of their own,
 * so a broker that blocks publishers (a memory alarm) never blocks the caller. Thread-safe.
 */
public final class RabbitPublisher implements Publisher {
    private static final Logger log = LoggerFactory.getLogger(RabbitPublisher.class);
    private static final long CONNECT_EVERY_MS = 2000;
    private static final String CONTENT_TYPE = "application/x-protobuf";

    private final ConnectionFactory factory;
    private final String clientAddress;
    private final String prefix;
    private final long confirmTimeoutMs;
    private final ScheduledThreadPoolExecutor publishing = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "lottor-rabbitmq-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private volatile Connection connection;
    private volatile Channel channel;
    private volatile boolean closed;

    /**
     * @param uri            {@code amqp://user:pass@host:5672/vhost} or {@code amqps://…} (TLS, verified with
     *                       the JVM's trust store and the host name)
     * @param clientAddress  what consumers are told (the URI without credentials)
     * @param prefix         queue names are {@code prefix + target}
     * @param confirmTimeout how long a publish waits for its confirm before it fails
     * @throws IllegalArgumentException naming {@code --rabbitmq-uri} when the URI cannot be used
     */
    public RabbitPublisher(String uri, String clientAddress, String prefix, Duration confirmTimeout) {
        this.factory = RabbitConnections.factory(uri, "--rabbitmq-uri");
        this.clientAddress = clientAddress;
        this.prefix = prefix;
        this.confirmTimeoutMs = confirmTimeout.toMillis();
        // at close, confirm timeouts and reconnect attempts still scheduled are dropped, not waited for
        publishing.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        publishing.execute(this::connect);
    }

    @Override
    public CompletableFuture<Void> publish(DueMessage message, int attempt, byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            publishing.execute(() -> publishNow(message, attempt, body, confirmed));
        } catch (RejectedExecutionException e) {
            confirmed.completeExceptionally(new IOException("the RabbitMQ publisher is closed"));
        }
        return confirmed;
    }

    @Override
    public String destination(String target) {
        return prefix + target;
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    /** Connected (a channel the broker closed is opened again by the next publish). */
    @Override
    public boolean isHealthy() {
        Connection current = connection;
        return current != null && current.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        publishing.shutdown();
        try {
            publishing.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection current = connection;
        if (current != null) {
            try {
                current.close(5000);
            } catch (IOException | RuntimeException e) {
                log.debug("rabbitmq connection close failed error={}", e.toString());
            }
        }
        failAll(new IOException("the RabbitMQ publisher closed"));
    }

    private void publishNow(DueMessage message, int attempt, byte[] body, CompletableFuture<Void> confirmed) {
        Channel current = openChannel();
        if (current == null) {
            confirmed.completeExceptionally(new IOException("RabbitMQ is not reachable at " + clientAddress));
            return;
        }
        String queue = destination(message.target());
        long sequence = current.getNextPublishSeqNo();
        try {
            if (!declared.contains(queue)) {
                current.queueDeclare(queue, true, false, false, null);
                declared.add(queue);
                log.info("rabbitmq queue declared queue={}", queue);
            }
            sequence = current.getNextPublishSeqNo();
            unconfirmed.put(sequence, confirmed);
            current.basicPublish("", queue, true, properties(message, attempt, sequence), body);
        } catch (IOException | RuntimeException e) {
            unconfirmed.remove(sequence, confirmed);
            confirmed.completeExceptionally(e);
            return;
        }
        long tag = sequence;
        publishing.schedule(() -> {
            if (unconfirmed.remove(tag, confirmed)) {
                confirmed.completeExceptionally(new TimeoutException("RabbitMQ did not confirm within "
                        + confirmTimeoutMs + " ms"));
            }
        }, confirmTimeoutMs, TimeUnit.MILLISECONDS);
    }

    private static AMQP.BasicProperties properties(DueMessage message, int attempt, long sequence) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .deliveryMode(2)
                .messageId(message.groupId() + "/" + message.messageId() + "/" + attempt)
                .correlationId(Long.toString(sequence))
                .headers(Map.of("group_id", message.groupId(), "message_id", message.messageId(),
                        "method", message.method(), "attempt", attempt))
                .build();
    }

    /**
     * The channel, opened again when the broker closed it (a channel error) while the connection stayed;
     * null while the connection is down or recovering.
     */
    private Channel openChannel() {
        Channel current = channel;
        Connection link = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        if (link == null || !link.isOpen()) {
            return null;
        }
        try {
            channel = confirmingChannel(link);
            return channel;
        } catch (IOException | RuntimeException e) {
            log.warn("rabbitmq channel not opened error={}", e.toString());
            return null;
        }
    }

    private Channel confirmingChannel(Connection link) throws IOException {
        Channel opening = link.createChannel();
        opening.confirmSelect();
        opening.addConfirmListener((tag, multiple) -> confirmed(tag, multiple, null),
                (tag, multiple) -> confirmed(tag, multiple, new IOException("RabbitMQ refused the message (nack)")));
        opening.addReturnListener(this::returned);
        opening.addShutdownListener(this::channelLost);
        return opening;
    }

    /** Connects, or tries again later; once connected, the client's automatic recovery keeps it so. */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            Connection opened = factory.newConnection("lottor-server");
            channel = confirmingChannel(opened);
            connection = opened;
            log.info("rabbitmq connected address={}", clientAddress);
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("rabbitmq not reachable, retrying address={} retry_in_ms={} error={}", clientAddress,
                    CONNECT_EVERY_MS, e.toString());
            try {
                publishing.schedule(this::connect, CONNECT_EVERY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                log.debug("rabbitmq publisher closed while connecting");
            }
        }
    }

    private void confirmed(long tag, boolean multiple, IOException refused) {
        Map<Long, CompletableFuture<Void>> settled = multiple ? unconfirmed.headMap(tag, true)
                : unconfirmed.subMap(tag, true, tag, true);
        for (Map.Entry<Long, CompletableFuture<Void>> entry : settled.entrySet()) {
            if (unconfirmed.remove(entry.getKey(), entry.getValue())) {
                if (refused == null) {
                    entry.getValue().complete(null);
                } else {
                    entry.getValue().completeExceptionally(refused);
                }
            }
        }
    }

    /** A mandatory message no queue took (its queue was deleted): not delivered, and declared again next time. */
    private void returned(Return returned) {
        declared.remove(returned.getRoutingKey());
        String correlation = returned.getProperties().getCorrelationId();
        CompletableFuture<Void> publish = correlation == null ? null : unconfirmed.remove(Long.parseLong(correlation));
        if (publish != null) {
            publish.completeExceptionally(new IOException("RabbitMQ returned the message: " + returned.getReplyText()
                    + " (queue " + returned.getRoutingKey() + ")"));
        }
    }

    /** The channel went (connection lost, or closed by the broker): what awaited a confirm never gets one. */
    private void channelLost(ShutdownSignalException cause) {
        if (!closed) {
            log.warn("rabbitmq channel lost, unconfirmed publishes fail and recovery starts unconfirmed={} reason={}",
                    unconfirmed.size(), cause.getMessage());
        }
        declared.clear();
        failAll(new IOException("RabbitMQ channel lost: " + cause.getMessage()));
    }

    private void failAll(IOException cause) {
        for (Long tag : unconfirmed.keySet()) {
            CompletableFuture<Void> publish = unconfirmed.remove(tag);
            if (publish != null) {
                publish.completeExceptionally(cause);
            }
        }
    }
}
