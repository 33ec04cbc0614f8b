package io.lottor.spring.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The starter's meters:
 * <ul>
 *   <li>{@code lottor.client.groups{outcome}}: groups ended, by outcome ({@code committed},
 *       {@code rolled_back}, {@code prepare_failed}, {@code unknown});</li>
 *   <li>{@code lottor.client.messages.sent}: messages of committed local transactions;</li>
 *   <li>{@code lottor.client.consumed{method,result}}: listener deliveries ({@code applied},
 *       {@code duplicate}, {@code failed});</li>
 *   <li>{@code lottor.client.listener{method,result}}: timer of listener deliveries.</li>
 * </ul>
 */
final class MicrometerLottorMetrics implements LottorMetrics {
    private final MeterRegistry registry;

    MicrometerLottorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void group(String outcome) {
        Counter.builder("lottor.client.groups").description("Transaction groups ended, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void messagesSent(int count) {
        Counter.builder("lottor.client.messages.sent").description("Messages of committed local transactions")
                .register(registry).increment(count);
    }

    @Override
    public void consumed(String method, String result, Duration duration) {
        Counter.builder("lottor.client.consumed").description("Listener deliveries, by result")
                .tag("method", method).tag("result", result).register(registry).increment();
        Timer.builder("lottor.client.listener").description("Time to handle a listener delivery")
                .tag("method", method).tag("result", result).register(registry).record(duration);
    }
}
