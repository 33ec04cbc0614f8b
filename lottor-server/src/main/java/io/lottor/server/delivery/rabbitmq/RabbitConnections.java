package io.lottor.server.delivery.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/** The connection settings every RabbitMQ connection of the server uses. */
final class RabbitConnections {
    private static final int HEARTBEAT_SECONDS = 10;
    private static final int CONNECTION_TIMEOUT_MS = 5000;
    private static final long RECOVERY_INTERVAL_MS = 1000;

    private RabbitConnections() {
    }

    /**
     * A factory for {@code uri} with automatic (and topology) recovery, heartbeats and, for
     * {@code amqps://}, TLS verified with the JVM's default trust store and the broker's host name.
     *
     * @throws IllegalArgumentException naming {@code setting} (never the password) when the URI is unusable
     */
    static ConnectionFactory factory(String uri, String setting) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(new URI(uri));
            if ("amqps".equals(new URI(uri).getScheme())) {
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not a usable AMQP URI: " + e.getClass().getSimpleName(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(RECOVERY_INTERVAL_MS);
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        return factory;
    }
}
