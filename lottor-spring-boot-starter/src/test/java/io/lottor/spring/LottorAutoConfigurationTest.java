package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.LottorClient;
import io.lottor.spring.internal.LottorAutoConfiguration;
import io.lottor.spring.support.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the auto-configuration creates, binds and backs off from; no server needed. */
class LottorAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                    JacksonAutoConfiguration.class, LottorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                    "spring.application.name=orders", "lottor.server.targets=127.0.0.1:1");

    @Test
    void bindsEveryPropertyWithItsDocumentedDefault() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, LottorAutoConfiguration.class))
                .withPropertyValues("spring.application.name=orders", "lottor.consumed.create-table=false",
                        "lottor.barrier.create-table=false")
                .run(context -> {
                    LottorProperties properties = context.getBean(LottorProperties.class);
                    assertThat(properties.enabled()).isTrue();
                    assertThat(properties.server().targets()).containsExactly("127.0.0.1:9888");
                    assertThat(properties.consumer().maxInFlight()).isEqualTo(64);
                    assertThat(properties.barrier().retention()).isEqualTo(Duration.ofDays(7));
                    assertThat(properties.consumed().retention()).isEqualTo(Duration.ofDays(7));
                    assertThat(properties.tls().enabled()).isFalse();
                    assertThat(properties.tls().trustCertificate()).isNull();
                    assertThat(properties.checkAfter()).isNull();
                    assertThat(properties.clientToken()).isNull();
                    assertThat(properties.reconnect().initialBackoff()).isEqualTo(Duration.ofMillis(200));
                    assertThat(properties.reconnect().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.health().downWhenDisconnected()).isFalse();
                    assertThat(properties.delivery().rabbitmq().uri()).isNull();
                    assertThat(properties.delivery().rabbitmq().username()).isNull();
                    assertThat(properties.delivery().kafka().bootstrapServers()).isNull();
                });
    }

    @Test
    void bindsGivenValues() {
        runner.withPropertyValues("lottor.server.targets=10.0.0.1:9888,10.0.0.2:9888", "lottor.service=billing",
                "lottor.instance-id=billing-7", "lottor.client-token=t0k3n",
                "lottor.consumer.max-in-flight=8", "lottor.check-after=30s", "lottor.barrier.retention=30d",
                "lottor.consumed.retention=0", "lottor.delivery.rabbitmq.uri=amqps://rabbit.internal:5671/prod",
                "lottor.delivery.rabbitmq.username=billing", "lottor.delivery.rabbitmq.password=s3cret")
                .run(context -> {
                    LottorProperties properties = context.getBean(LottorProperties.class);
                    assertThat(properties.delivery().rabbitmq())
                            .isEqualTo(new LottorProperties.Rabbitmq("amqps://rabbit.internal:5671/prod", "billing", "s3cret"));
                    assertThat(properties.server().targets()).containsExactly("10.0.0.1:9888", "10.0.0.2:9888");
                    assertThat(properties.checkAfter()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.barrier().retention()).isEqualTo(Duration.ofDays(30));
                    assertThat(properties.consumed().retention()).isZero();
                    LottorClient client = context.getBean(LottorClient.class);
                    assertThat(client.service()).isEqualTo("billing");
                    assertThat(client.instanceId()).isEqualTo("billing-7");
                });
    }

    @Test
    void bindsTheKafkaDeliveryOverrides() {
        runner.withPropertyValues("lottor.service=billing", "lottor.delivery.kafka.bootstrap-servers=kafka1:9093",
                "lottor.delivery.kafka.properties[security.protocol]=SASL_SSL",
                "lottor.delivery.kafka.properties[sasl.mechanism]=SCRAM-SHA-512")
                .run(context -> {
                    LottorProperties.Kafka kafka = context.getBean(LottorProperties.class).delivery().kafka();
                    assertThat(kafka.bootstrapServers()).isEqualTo("kafka1:9093");
                    assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
                            .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
                    assertThat(context).hasSingleBean(LottorClient.class);
                });
    }

    @Test
    void startupFailsClearlyWhenTheTrustCertificateCannotBeRead() {
        runner.withPropertyValues("lottor.tls.trust-certificate=/nonexistent/ca.pem").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining(Path.of("/nonexistent/ca.pem").toString()));
    }

    @Test
    void serviceDefaultsToTheApplicationName() {
        runner.run(context -> assertThat(context.getBean(LottorClient.class).service()).isEqualTo("orders"));
    }

    @Test
    void startupFailsClearlyWithoutAServiceName() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, LottorAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("set lottor.service or spring.application.name"));
    }

    @Test
    void providesClientTemplateAndHealthAndBacksOffWhenDisabled() {
        runner.run(context -> assertThat(context).hasSingleBean(LottorClient.class).hasSingleBean(LottorTemplate.class)
                .hasBean("lottorHealthIndicator"));
        runner.withPropertyValues("lottor.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(LottorClient.class).doesNotHaveBean(LottorTemplate.class));
    }

    @Test
    void usesTheApplicationsOwnClient() {
        runner.withUserConfiguration(OwnClient.class).run(context -> {
            assertThat(context).hasSingleBean(LottorClient.class);
            assertThat(context.getBean(LottorClient.class).instanceId()).isEqualTo("own-client");
        });
    }

    @Test
    void healthIsDisconnectedNotDownWithADetailWhileTheServerIsUnreachable() {
        runner.run(context -> {
            Health health = context.getBean("lottorHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo("DISCONNECTED");
            assertThat(health.getDetails()).containsEntry("service", "orders").containsEntry("targets", "127.0.0.1:1")
                    .containsEntry("connected", false).containsKey("session");
        });
        runner.withPropertyValues("lottor.health.down-when-disconnected=true").run(context -> assertThat(
                context.getBean("lottorHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN));
    }

    @Test
    void reconnectsNoLaterThanTheConfiguredMaximumBackoff() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger session = (Logger) LoggerFactory.getLogger("io.lottor.client.internal.SessionLink");
        log.start();
        session.addAppender(log);
        try {
            runner.withPropertyValues("lottor.reconnect.initial-backoff=20ms", "lottor.reconnect.max-backoff=100ms")
                    .run(context -> {
                        context.getBean(LottorClient.class).start();
                        await().atMost(Duration.ofSeconds(20)).until(() -> reconnectDelays(log).size() >= 6);
                        assertThat(reconnectDelays(log)).allSatisfy(delay -> assertThat(delay).isBetween(10L, 100L));
                    });
        } finally {
            session.detachAppender(log);
        }
    }

    private static List<Long> reconnectDelays(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("reconnect_in_ms="))
                .map(message -> Long.parseLong(message.replaceAll(".*reconnect_in_ms=(\\d+).*", "$1"))).toList();
    }

    @Test
    void createsBothTablesAtStartupUnlessTurnedOff() {
        runner.run(context -> assertThat(tables(context.getBean(DataSource.class)))
                .contains("lottor_barrier", "lottor_consumed"));
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:no-tables-" + System.nanoTime(),
                        "lottor.barrier.create-table=false", "lottor.consumed.create-table=false")
                .run(context -> assertThat(tables(context.getBean(DataSource.class)))
                        .doesNotContain("lottor_barrier", "lottor_consumed"));
    }

    @Test
    void purgesOldConsumedRowsAndOldBarrierRowsOfGroupsTheCoordinatorSettled() {
        runner.withPropertyValues("lottor.server.targets=" + TestServer.target(), "lottor.barrier.retention=1s",
                "lottor.consumed.retention=1s").run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            jdbc.update("INSERT INTO lottor_barrier (group_id, outcome, created_at) VALUES ('old', 'C', 0)");
            jdbc.update("INSERT INTO lottor_consumed (group_id, message_id, consumed_at) VALUES ('old', 'm1', 0)");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lottor_barrier", Integer.class)).isZero();
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lottor_consumed", Integer.class)).isZero();
            });
        });
    }

    @Test
    void keepsOldBarrierRowsWhileTheCoordinatorCannotBeAsked() {
        runner.withPropertyValues("lottor.barrier.retention=1s", "lottor.consumed.retention=1s").run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            jdbc.update("INSERT INTO lottor_barrier (group_id, outcome, created_at) VALUES ('old', 'C', 0)");
            jdbc.update("INSERT INTO lottor_consumed (group_id, message_id, consumed_at) VALUES ('old', 'm1', 0)");

            await("the consumed row purged: the purges ran").atMost(Duration.ofSeconds(15)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM lottor_consumed", Integer.class) == 0);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM lottor_barrier", Integer.class) == 1);
        });
    }

    private static List<String> tables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        @Bean(destroyMethod = "close")
        LottorClient ownLottorClient() {
            return LottorClient.builder().target("127.0.0.1:1").service("orders").instanceId("own-client")
                    .startOnBuild(false).build();
        }
    }
}
