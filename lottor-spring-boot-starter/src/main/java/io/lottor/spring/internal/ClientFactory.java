package io.lottor.spring.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LottorClient;
import io.lottor.spring.LottorProperties;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** Builds the {@link LottorClient} from {@code lottor.*}; its session is opened later by {@link LottorLifecycle}. */
final class ClientFactory {
    private ClientFactory() {
    }

    static LottorClient create(LottorProperties properties, Environment environment, JdbcBarrier barrier,
                               ObjectMapper objectMapper) {
        LottorClient.Builder builder = LottorClient.builder()
                .targets(properties.server().targets())
                .service(service(properties, environment))
                .barrier(barrier)
                .maxInFlight(properties.consumer().maxInFlight())
                .objectMapper(objectMapper)
                .clientToken(StringUtils.hasText(properties.clientToken()) ? properties.clientToken() : null)
                .tls(properties.tls().enabled())
                .trustCertificate(properties.tls().trustCertificate())
                .reconnectBackoff(properties.reconnect().initialBackoff(), properties.reconnect().maxBackoff())
                // The starter purges barrier and consumed rows with their own retentions.
                .retention(Duration.ZERO)
                .startOnBuild(false);
        if (StringUtils.hasText(properties.instanceId())) {
            builder.instanceId(properties.instanceId());
        }
        if (properties.checkAfter() != null) {
            builder.checkAfter(properties.checkAfter());
        }
        LottorProperties.Rabbitmq rabbitmq = properties.delivery().rabbitmq();
        if (StringUtils.hasText(rabbitmq.uri())) {
            builder.rabbitmqUri(rabbitmq.uri());
        }
        if (StringUtils.hasText(rabbitmq.username())) {
            builder.rabbitmqCredentials(rabbitmq.username(), rabbitmq.password());
        }
        LottorProperties.Kafka kafka = properties.delivery().kafka();
        if (StringUtils.hasText(kafka.bootstrapServers())) {
            builder.kafkaBootstrapServers(kafka.bootstrapServers());
        }
        if (kafka.properties() != null) {
            kafka.properties().forEach(builder::kafkaProperty);
        }
        return builder.build();
    }

    static String service(LottorProperties properties, Environment environment) {
        String service = StringUtils.hasText(properties.service()) ? properties.service()
                : environment.getProperty("spring.application.name");
        if (!StringUtils.hasText(service)) {
            throw new IllegalStateException("Lottor needs this service's name: set lottor.service or "
                    + "spring.application.name");
        }
        return service;
    }
}
