package io.lottor.spring.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lottor.client.ConsumedLog;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LottorClient;
import io.lottor.spring.LottorProperties;
import io.lottor.spring.LottorTemplate;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lottor for a Spring Boot application with one {@code DataSource}: the {@link LottorClient} (check-backs
 * answered from {@code lottor_barrier} in that DataSource), the {@link LottorTemplate} for
 * {@link io.lottor.spring.LottorTransactional} methods, {@link io.lottor.spring.LottorListener} methods
 * consumed in transactions of the application's transaction manager, metrics and health. Every bean
 * backs off when the application defines its own; {@code lottor.enabled=false} turns all of it off.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JacksonAutoConfiguration.class},
        afterName = "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration")
@ConditionalOnClass({LottorClient.class, DataSource.class, PlatformTransactionManager.class})
@ConditionalOnProperty(prefix = "lottor", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(LottorProperties.class)
@Import({LottorObservabilityConfiguration.Metrics.class, LottorObservabilityConfiguration.Health.class})
public class LottorAutoConfiguration {

    @Bean
    static ListenerCollector lottorListenerCollector() {
        return new ListenerCollector();
    }

    @Bean
    @ConditionalOnMissingBean
    JdbcBarrier lottorBarrier(DataSource dataSource, LottorProperties properties) {
        return new JdbcBarrier(dataSource, properties.barrier().createTable());
    }

    @Bean
    @ConditionalOnMissingBean
    ConsumedLog lottorConsumedLog(DataSource dataSource, LottorProperties properties) {
        return new ConsumedLog(dataSource, properties.consumed().createTable());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LottorClient lottorClient(LottorProperties properties, Environment environment, JdbcBarrier barrier,
                              ObjectProvider<ObjectMapper> objectMapper) {
        return ClientFactory.create(properties, environment, barrier, mapper(objectMapper));
    }

    @Bean
    @ConditionalOnMissingBean
    LottorTemplate lottorTemplate(LottorClient client, JdbcBarrier barrier, DataSource dataSource,
                                  ObjectProvider<ObjectMapper> objectMapper, ObjectProvider<LottorMetrics> metrics) {
        return new TransactionalLottorTemplate(client, barrier, new TransactionConnections(dataSource),
                mapper(objectMapper), metrics.getIfAvailable(() -> LottorMetrics.NONE));
    }

    @Bean
    LottorLifecycle lottorLifecycle(LottorClient client, JdbcBarrier barrier, ConsumedLog consumed,
                                    LottorProperties properties, ListenerCollector listeners, DataSource dataSource,
                                    ObjectProvider<PlatformTransactionManager> transactionManager,
                                    ObjectProvider<ObjectMapper> objectMapper, ObjectProvider<LottorMetrics> metrics) {
        TransactionConnections connections = new TransactionConnections(dataSource);
        LottorMetrics meters = metrics.getIfAvailable(() -> LottorMetrics.NONE);
        return new LottorLifecycle(client, barrier, consumed, properties, listeners,
                endpoint -> new ListenerInvoker(endpoint, mapper(objectMapper),
                        new TransactionTemplate(transactionManager.getObject()), consumed, connections, meters,
                        client.service()));
    }

    private static ObjectMapper mapper(ObjectProvider<ObjectMapper> objectMapper) {
        return objectMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    }
}
