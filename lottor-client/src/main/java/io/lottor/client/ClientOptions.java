package io.lottor.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.grpc.ManagedChannel;
import io.lottor.client.internal.BrokerSettings;
import io.lottor.client.internal.ChannelFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The validated settings of one client, with the defaults applied. */
record ClientOptions(List<String> targets, String service, String instanceId, JdbcBarrier barrier,
                     CheckBackHandler checkBackHandler, int maxInFlight, Duration checkAfter, ObjectMapper objectMapper,
                     Duration requestTimeout, Duration reconnectInitial, Duration reconnectMax, Duration closeTimeout,
                     Duration retention, ChannelFactory channelFactory, boolean startOnBuild,
                     BrokerSettings brokerSettings) {

    /** The channel to the coordinator(s): plaintext or TLS, with the client token if one is set. */
    ManagedChannel channel() {
        return channelFactory.build();
    }

    /** The coordinator address(es), for logs. */
    String target() {
        return String.join(",", targets);
    }

    /** The mutable settings a {@link LottorClient.Builder} collects. */
    static final class Draft {
        List<String> targets;
        String service;
        String instanceId;
        JdbcBarrier barrier;
        CheckBackHandler checkBackHandler;
        int maxInFlight = 64;
        Duration checkAfter = Duration.ZERO;
        ObjectMapper objectMapper;
        Duration requestTimeout = Duration.ofSeconds(10);
        Duration reconnectInitial = Duration.ofMillis(200);
        // a session lost to a server restart is back within 2 s; longer caps only delay deliveries and check-backs
        Duration reconnectMax = Duration.ofSeconds(2);
        Duration closeTimeout = Duration.ofSeconds(30);
        Duration retention = Duration.ofDays(7);
        String clientToken;
        boolean tls;
        Path trustCertificate;
        boolean startOnBuild = true;
        String kafkaBootstrapServers;
        final Map<String, String> kafkaProperties = new LinkedHashMap<>();
        String rabbitmqUri;
        String rabbitmqUsername;
        String rabbitmqPassword;

        ClientOptions toOptions() {
            require(targets != null && !targets.isEmpty() && targets.stream().allMatch(Draft::isTarget),
                    "target (host:port, or host1:port,host2:port) is required; every target must be host:port: "
                            + targets);
            require(clientToken == null || (!clientToken.isBlank() && clientToken.chars().allMatch(c -> c > 32 && c < 127)),
                    "clientToken must be printable ASCII without spaces");
            require(service != null && !service.isBlank() && service.length() <= 128, "service must be 1 to 128 characters");
            require(maxInFlight >= 1 && maxInFlight <= 10_000, "maxInFlight must be 1 to 10000");
            require(barrier == null || checkBackHandler == null, "set either barrier(...) or checkBackHandler(...), not both");
            require(positive(requestTimeout) && positive(reconnectInitial) && positive(reconnectMax) && positive(closeTimeout),
                    "timeouts and backoffs must be positive");
            require(checkAfter != null && !checkAfter.isNegative(), "checkAfter must not be negative");
            require(retention != null && !retention.isNegative(), "retention must not be negative (zero keeps everything)");
            require(kafkaBootstrapServers == null || !kafkaBootstrapServers.isBlank(),
                    "kafkaBootstrapServers must name at least one host:port when set");
            require(kafkaProperties.entrySet().stream().allMatch(entry -> entry.getKey() != null
                    && !entry.getKey().isBlank() && entry.getValue() != null),
                    "every kafkaProperty needs a non-blank key and a value");
            require(rabbitmqUri == null || rabbitmqUri.startsWith("amqp://") || rabbitmqUri.startsWith("amqps://"),
                    "rabbitmqUri must be amqp://host[:port][/vhost] or amqps://…");
            require((rabbitmqUsername == null) == (rabbitmqPassword == null),
                    "rabbitmqCredentials needs both a username and a password");
            String instance = instanceId == null ? defaultInstanceId() : instanceId;
            CheckBackHandler answers = barrier != null ? barrier : checkBackHandler;
            return new ClientOptions(List.copyOf(targets), service, instance, barrier, answers, maxInFlight, checkAfter,
                    Objects.requireNonNullElseGet(objectMapper, Draft::defaultMapper), requestTimeout,
                    reconnectInitial, reconnectMax, closeTimeout, retention,
                    new ChannelFactory(List.copyOf(targets), clientToken, tls, trustCertificate), startOnBuild,
                    new BrokerSettings(rabbitmqUri, rabbitmqUsername, rabbitmqPassword,
                            kafkaBootstrapServers == null ? null : kafkaBootstrapServers.trim(), Map.copyOf(kafkaProperties)));
        }

        /** Each entry split at commas and trimmed: {@code "a:1, b:2"} is two targets; an empty one stays (and is refused). */
        static List<String> split(List<String> targets) {
            List<String> split = new ArrayList<>();
            for (String entry : targets) {
                if (entry == null) {
                    split.add(null);
                    continue;
                }
                for (String target : entry.split(",", -1)) {
                    split.add(target.trim());
                }
            }
            return split;
        }

        private static boolean isTarget(String target) {
            int colon = target == null ? -1 : target.lastIndexOf(':');
            return colon > 0 && colon < target.length() - 1 && !target.isBlank();
        }

        private static boolean positive(Duration duration) {
            return duration != null && !duration.isNegative() && !duration.isZero();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        private static String defaultInstanceId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
            }
            return host + "-" + ProcessHandle.current().pid();
        }

        private static ObjectMapper defaultMapper() {
            return new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
    }
}
