package io.lottor.client.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.lottor.client.LottorException;
import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a service's queue from RabbitMQ with manual acknowledgements and a prefetch of
 * {@code maxInFlight}. One connection (automatic recovery; TLS with {@code amqps://}, verified with the
 * JVM's trust store and the host name) and one channel. The queue is declared as the server declares it
 * (durable), so a consumer may start before the first publish. A message is acknowledged only when the
 * dispatcher says its result was reported; one whose channel was lost meanwhile is not (RabbitMQ gives
 * it again, and the idempotent helper skips its effect). A body that is not a Delivery is rejected
 * without requeue (it can never be consumed). A broker unreachable at start is tried again every
 * {@value #CONNECT_EVERY_MS} ms until {@link #close()}. Thread-safe.
 */
final class RabbitBrokerConsumer implements BrokerConsumer {
    private static final Logger log = LoggerFactory.getLogger(RabbitBrokerConsumer.class);
    private static final long CONNECT_EVERY_MS = 2000;

    private final BrokerSettings settings;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(
            new NamedThreads("lottor-rabbitmq-connect"));
    private volatile Connection connection;
    private volatile boolean closed;

    RabbitBrokerConsumer(BrokerSettings settings) {
        this.settings = settings;
    }

    /**
     * @throws LottorException when the URI (the client's own, or the Welcome's) cannot be used
     */
    @Override
    public void start(BrokerDelivery broker, int maxInFlight, Deliveries deliveries) {
        String uri = settings.rabbitmqUri() != null ? settings.rabbitmqUri() : broker.getAddress();
        ConnectionFactory factory = factory(uri);
        connector.execute(() -> connect(factory, broker.getDestination(), maxInFlight, deliveries));
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        Connection current = connection;
        if (current != null) {
            try {
                current.close(5000);
            } catch (IOException | RuntimeException e) {
                log.debug("rabbitmq connection close failed error={}", e.toString());
            }
        }
    }

    private ConnectionFactory factory(String uri) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(new URI(uri));
            if ("amqps".equals(new URI(uri).getScheme())) {
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new LottorException("the RabbitMQ URI is not usable (" + e.getClass().getSimpleName() + "): "
                    + withoutCredentials(uri), e);
        }
        if (settings.rabbitmqUsername() != null) {
            factory.setUsername(settings.rabbitmqUsername());
        }
        if (settings.rabbitmqPassword() != null) {
            factory.setPassword(settings.rabbitmqPassword());
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000L);
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout(5000);
        return factory;
    }

    private void connect(ConnectionFactory factory, String queue, int maxInFlight, Deliveries deliveries) {
        if (closed) {
            return;
        }
        try {
            Connection opened = factory.newConnection("lottor-client");
            connection = opened;
            Channel channel = opened.createChannel();
            channel.basicQos(maxInFlight);
            channel.queueDeclare(queue, true, false, false, null);
            channel.basicConsume(queue, false, (tag, message) -> handOut(channel, message.getEnvelope().getDeliveryTag(),
                    message.getBody(), deliveries), tag -> log.warn("rabbitmq consumer cancelled by the broker queue={}",
                    queue));
            log.info("rabbitmq consuming queue={} prefetch={} address={}", queue, maxInFlight,
                    withoutCredentials(factory.getHost() + ":" + factory.getPort() + "/" + factory.getVirtualHost()));
            if (closed) {
                opened.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("rabbitmq not reachable, retrying queue={} retry_in_ms={} error={}", queue, CONNECT_EVERY_MS,
                    e.toString());
            Connection failed = connection;
            if (failed != null) {
                failed.abort();
            }
            try {
                connector.schedule(() -> connect(factory, queue, maxInFlight, deliveries), CONNECT_EVERY_MS,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                log.debug("rabbitmq consumer closed while connecting");
            }
        }
    }

    private void handOut(Channel channel, long deliveryTag, byte[] body, Deliveries deliveries) {
        Delivery delivery;
        try {
            delivery = Delivery.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            log.error("rabbitmq message is not a Lottor delivery, rejected delivery_tag={} error={}", deliveryTag,
                    e.getMessage());
            settle(channel, deliveryTag, false);
            return;
        }
        deliveries.accept(delivery, () -> settle(channel, deliveryTag, true));
    }

    /** Acks, or rejects without requeue; a tag of a channel lost meanwhile is not settled (the broker redelivers it). */
    private static void settle(Channel channel, long deliveryTag, boolean ack) {
        try {
            synchronized (channel) {
                if (ack) {
                    channel.basicAck(deliveryTag, false);
                } else {
                    channel.basicReject(deliveryTag, false);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.info("rabbitmq message not settled, the broker delivers it again delivery_tag={} error={}", deliveryTag,
                    e.toString());
        }
    }

    private static String withoutCredentials(String uri) {
        return uri == null ? null : uri.replaceFirst("^(amqps?://)[^@/]*@", "$1");
    }
}
