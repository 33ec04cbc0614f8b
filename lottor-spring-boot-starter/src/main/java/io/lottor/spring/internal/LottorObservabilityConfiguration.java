package io.lottor.spring.internal;

import io.lottor.client.LottorClient;
import io.lottor.spring.LottorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters and the {@code lottor} health indicator, each only when its library is present. */
final class LottorObservabilityConfiguration {
    private LottorObservabilityConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        LottorMetrics lottorMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters == null ? LottorMetrics.NONE : new MicrometerLottorMetrics(meters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
            "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
    @ConditionalOnEnabledHealthIndicator("lottor")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "lottorHealthIndicator")
        HealthIndicator lottorHealthIndicator(LottorClient client, LottorProperties properties) {
            return new LottorHealthIndicator(client, String.join(",", properties.server().targets()),
                    properties.health().downWhenDisconnected());
        }
    }
}
