package io.lottor.client.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.Delivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a service's topic in the consumer group named after the service, without auto-commit: an
 * offset is committed only once every record below it was acknowledged (its result reported to the
 * server), so a consumer that dies mid-flight leaves its unacknowledged records to the group's next
 * member (the idempotent helper skips what was already applied). At most {@code maxInFlight} records are
 * with the handlers at once: beyond that the assigned partitions are paused, and resumed as
 * acknowledgements come in.
 *
 * <p>A {@link KafkaConsumer} is not thread-safe, so one thread owns it: it polls, hands records out,
 * pauses and resumes, and commits; acknowledgements reach it through a queue. When partitions are
 * revoked in a rebalance it commits what was acknowledged for them and drops their records that were
 * not handed out yet; acknowledgements that arrive for a partition no longer owned are ignored (its
 * new owner consumes from the last commit). Kafka's client reconnects by itself when the cluster comes
 * back. Thread-safe.
 */
public final class KafkaBrokerConsumer implements BrokerConsumer {
    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerConsumer.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final Duration BUSY_POLL = Duration.ofMillis(20);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String service;
    private final String bootstrapOverride;
    private final Map<String, String> properties;
    private final Queue<Acknowledgement> acknowledgements = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread pollThread;

    // owned by the poll thread
    private final Map<TopicPartition, AcknowledgedOffsets> progress = new HashMap<>();
    private final ArrayDeque<ConsumerRecord<String, byte[]>> fetched = new ArrayDeque<>();
    private int unacknowledged;

    /**
     * @param service           the consumer group: the service this client consumes for
     * @param bootstrapOverride bootstrap servers to use instead of the address the server's Welcome names;
     *                          null to take the server's
     * @param properties        further consumer properties (TLS, SASL); group, auto-commit and
     *                          deserializers are this consumer's
     */
    public KafkaBrokerConsumer(String service, String bootstrapOverride, Map<String, String> properties) {
        this.service = service;
        this.bootstrapOverride = bootstrapOverride;
        this.properties = Map.copyOf(properties);
    }

    @Override
    public synchronized void start(BrokerDelivery broker, int maxInFlight, Deliveries deliveries) {
        if (pollThread != null || closing.get()) {
            throw new IllegalStateException("a KafkaBrokerConsumer starts once");
        }
        String bootstrap = bootstrapOverride != null ? bootstrapOverride : broker.getAddress();
        consumer = new KafkaConsumer<>(consumerProperties(bootstrap, maxInFlight), new StringDeserializer(),
                new ByteArrayDeserializer());
        String topic = broker.getDestination();
        pollThread = new Thread(() -> run(topic, maxInFlight, deliveries), "lottor-kafka-consumer-" + service);
        pollThread.setDaemon(true);
        pollThread.start();
        log.info("kafka consumer started topic={} group={} bootstrap={} max_in_flight={}", topic, service, bootstrap,
                maxInFlight);
    }

    private Properties consumerProperties(String bootstrap, int maxInFlight) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "lottor-" + service);
        settings.putAll(properties);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, service);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxInFlight));
        return settings;
    }

    private void run(String topic, int maxInFlight, Deliveries deliveries) {
        consumer.subscribe(List.of(topic), new Rebalances());
        long failures = 0;
        while (!closing.get()) {
            try {
                applyAcknowledgements();
                handOut(maxInFlight, deliveries);
                pauseWhenFull(maxInFlight);
                commitAcknowledged();
                consumer.poll(unacknowledged > 0 || !fetched.isEmpty() ? BUSY_POLL : IDLE_POLL).forEach(fetched::add);
                failures = 0;
            } catch (WakeupException e) {
                // close() woke the poll
            } catch (RuntimeException e) {
                failures++;
                log.warn("kafka consumer error topic={} group={} failures={}: {}", topic, service, failures,
                        ErrorText.of(e));
                pauseQuietly(Duration.ofMillis(Math.min(10_000, 200 * failures)));
            }
        }
        shutdown(topic);
    }

    private void handOut(int maxInFlight, Deliveries deliveries) {
        while (unacknowledged < maxInFlight && !fetched.isEmpty()) {
            ConsumerRecord<String, byte[]> record = fetched.poll();
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            AcknowledgedOffsets offsets = progress.get(partition);
            if (offsets == null) {
                continue; // revoked since it was fetched: its new owner consumes it
            }
            offsets.handedOut(record.offset());
            unacknowledged++;
            Acknowledgement acknowledgement = new Acknowledgement(partition, offsets, record.offset());
            Delivery delivery = parse(record.value());
            if (delivery == null) {
                log.warn("kafka record is not a Lottor delivery, skipped topic={} partition={} offset={}",
                        record.topic(), record.partition(), record.offset());
                acknowledgements.add(acknowledgement);
                continue;
            }
            AtomicBoolean once = new AtomicBoolean();
            deliveries.accept(delivery, () -> {
                if (once.compareAndSet(false, true)) {
                    acknowledgements.add(acknowledgement);
                }
            });
        }
    }

    private static Delivery parse(byte[] body) {
        try {
            return body == null ? null : Delivery.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private void applyAcknowledgements() {
        Acknowledgement acknowledgement;
        while ((acknowledgement = acknowledgements.poll()) != null) {
            unacknowledged--;
            if (progress.get(acknowledgement.partition()) == acknowledgement.offsets()) {
                acknowledgement.offsets().acknowledged(acknowledgement.offset());
            }
        }
    }

    private void pauseWhenFull(int maxInFlight) {
        if (unacknowledged >= maxInFlight || !fetched.isEmpty()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void commitAcknowledged() {
        Map<TopicPartition, OffsetAndMetadata> commits = toCommit(progress.keySet());
        if (!commits.isEmpty()) {
            consumer.commitAsync(commits, (offsets, error) -> {
                if (error != null) {
                    log.debug("kafka commit failed group={}: {}", service, ErrorText.of(error));
                }
            });
            commits.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition partition : partitions) {
            AcknowledgedOffsets offsets = progress.get(partition);
            long offset = offsets == null ? -1 : offsets.toCommit();
            if (offset >= 0) {
                commits.put(partition, new OffsetAndMetadata(offset));
            }
        }
        return commits;
    }

    /** Commits what was acknowledged of {@code partitions}, waiting for the broker (at most 5 s). */
    private void commitNow(Collection<TopicPartition> partitions) {
        applyAcknowledgements();
        Map<TopicPartition, OffsetAndMetadata> commits = toCommit(partitions);
        if (commits.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(commits, CLOSE_TIMEOUT);
            } catch (WakeupException e) {
                consumer.commitSync(commits, CLOSE_TIMEOUT); // close() woke the consumer outside poll: once more
            }
            commits.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        } catch (RuntimeException e) {
            log.warn("kafka commit failed group={} partitions={}: {} (their records come again)", service,
                    commits.keySet(), ErrorText.of(e));
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(progress::remove);
        fetched.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
    }

    private void shutdown(String topic) {
        commitNow(List.copyOf(progress.keySet()));
        consumer.close(CLOSE_TIMEOUT);
        log.info("kafka consumer stopped topic={} group={}", topic, service);
    }

    private static void pauseQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops consuming: commits what was acknowledged and leaves the rest to the group (at most ~10 s). */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Thread thread;
        synchronized (this) {
            thread = pollThread;
        }
        if (thread == null) {
            return;
        }
        consumer.wakeup();
        if (thread == Thread.currentThread()) {
            return; // closed from a handler's call on the poll thread: the loop ends once that call returns
        }
        try {
            thread.join(CLOSE_TIMEOUT.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Acknowledgement(TopicPartition partition, AcknowledgedOffsets offsets, long offset) {
    }

    /** Runs inside {@code poll}, on the poll thread. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitNow(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> progress.putIfAbsent(partition, new AcknowledgedOffsets()));
        }
    }
}
