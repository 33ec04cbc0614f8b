package io.lottor.server.delivery.kafka;

import io.lottor.server.delivery.broker.Publisher;
import io.lottor.server.store.DueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes deliveries to Kafka: the topic of target service {@code s} is {@code prefix + s}, created
 * before its first publish with {@code partitions} partitions and a replication factor of
 * {@code min(3, brokers)}; each attempt is one record keyed by its group id (one group's messages stay
 * on one partition, in order) with the headers {@code group_id}, {@code message_id}, {@code method} and
 * {@code attempt}. The producer is idempotent with {@code acks=all}, so a publish completes only once
 * every in-sync replica has the record. The caller never waits: topic creation and sends run on one
 * thread of this publisher (a send may wait up to {@code max.block.ms} for metadata while the cluster is
 * away), and a publish that Kafka could not confirm within {@code delivery.timeout.ms} fails, leaving the
 * message to the server's retry. Thread-safe.
 */
public final class KafkaPublisher implements Publisher {
    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final Duration HEALTH_CHECK_EVERY = Duration.ofSeconds(2);
    private static final int HEALTH_TIMEOUT_MS = 2_000;
    private static final int MAX_REPLICATION = 3;

    private final String bootstrap;
    private final String prefix;
    private final int partitions;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService sender;
    private final Map<String, CompletableFuture<Void>> topics = new ConcurrentHashMap<>();
    private volatile boolean healthy;
    private volatile long healthCheckedAt;
    private volatile boolean healthCheckRunning;

    /**
     * @param bootstrap  the cluster's bootstrap servers ({@code host:9092,host2:9092})
     * @param prefix     what topic names start with
     * @param partitions partitions of each topic this publisher creates
     * @param confirmTimeout how long a publish may wait for Kafka's confirmation (delivery.timeout.ms, at
     *                   least 2 s) and for metadata while the cluster is away (max.block.ms)
     * @param properties further client properties (TLS, SASL, timeouts) for the producer and the admin client;
     *                   they override this publisher's defaults, except acks and idempotence
     */
    public KafkaPublisher(String bootstrap, String prefix, int partitions, Duration confirmTimeout,
                          Map<String, String> properties) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.partitions = partitions;
        this.admin = Admin.create(adminProperties(bootstrap, properties));
        try {
            this.producer = new KafkaProducer<>(producerProperties(bootstrap, confirmTimeout, properties),
                    new StringSerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        this.sender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lottor-kafka-publisher");
            thread.setDaemon(true);
            return thread;
        });
        checkHealth();
    }

    static Properties producerProperties(String bootstrap, Duration confirmTimeout, Map<String, String> properties) {
        long deliveryTimeout = Math.max(2_000, confirmTimeout.toMillis());
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "lottor-server");
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(deliveryTimeout));
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(10_000, deliveryTimeout - 10)));
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout));
        producer.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        producer.putAll(properties);
        // what the delivery's guarantee rests on: not overridable
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return producer;
    }

    static Properties adminProperties(String bootstrap, Map<String, String> properties) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "lottor-server-admin");
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (AdminClientConfig.configNames().contains(entry.getKey())) {
                admin.put(entry.getKey(), entry.getValue());
            }
        }
        return admin;
    }

    @Override
    public CompletableFuture<Void> publish(DueMessage message, int attempt, byte[] body) {
        String topic = destination(message.target());
        return topicReady(topic).thenComposeAsync(ready -> send(topic, message, attempt, body), sender);
    }

    private CompletableFuture<Void> send(String topic, DueMessage message, int attempt, byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, message.groupId(), body, List.of(
                header("group_id", message.groupId()), header("message_id", message.messageId()),
                header("method", message.method()), header("attempt", Integer.toString(attempt)),
                header("content_type", "application/x-protobuf")));
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    healthy = true;
                    confirmed.complete(null);
                } else {
                    confirmed.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            confirmed.completeExceptionally(e);
        }
        return confirmed;
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Completes once {@code topic} exists; a failed creation is forgotten, so the next publish tries again. */
    private CompletableFuture<Void> topicReady(String topic) {
        CompletableFuture<Void> ready = topics.computeIfAbsent(topic, this::createTopic);
        ready.whenComplete((ok, error) -> {
            if (error != null) {
                topics.remove(topic, ready);
            }
        });
        return ready;
    }

    private CompletableFuture<Void> createTopic(String topic) {
        return admin.describeCluster().nodes().toCompletionStage().toCompletableFuture()
                .thenCompose(nodes -> {
                    short replication = (short) Math.max(1, Math.min(MAX_REPLICATION, nodes.size()));
                    NewTopic newTopic = new NewTopic(topic, partitions, replication);
                    return admin.createTopics(List.of(newTopic)).all().toCompletionStage().toCompletableFuture()
                            .thenRun(() -> log.info("kafka topic created topic={} partitions={} replication={}", topic,
                                    partitions, replication));
                })
                .exceptionallyCompose(error -> isTopicExists(error) ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(error));
    }

    private static boolean isTopicExists(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TopicExistsException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String destination(String target) {
        return prefix + target;
    }

    @Override
    public String clientAddress() {
        return bootstrap;
    }

    /**
     * Whether the cluster answered a {@code describeCluster} within 2 s at the last check; checks run in
     * the background at most every 2 s, started by this call, so it never waits.
     */
    @Override
    public boolean isHealthy() {
        if (System.nanoTime() - healthCheckedAt > HEALTH_CHECK_EVERY.toNanos()) {
            checkHealth();
        }
        return healthy;
    }

    private synchronized void checkHealth() {
        if (healthCheckRunning) {
            return;
        }
        healthCheckRunning = true;
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(HEALTH_TIMEOUT_MS)).clusterId()
                .whenComplete((clusterId, error) -> {
                    if (healthy != (error == null)) {
                        log.info("kafka cluster {} bootstrap={}", error == null ? "reachable" : "unreachable", bootstrap);
                    }
                    healthy = error == null;
                    healthCheckedAt = System.nanoTime();
                    healthCheckRunning = false;
                });
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
