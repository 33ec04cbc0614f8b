package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void tellsTheServersThreadsFromTheClientsByName() {
        assertThat(ThreadCpu.isServerThread("lottor-store-writer")).isTrue();
        assertThat(ThreadCpu.isServerThread("lottor-grpc-io-2-1")).isTrue();
        assertThat(ThreadCpu.isServerThread("lottor-grpc-call-1-4")).isTrue();
        assertThat(ThreadCpu.isServerThread("lottor-dispatcher")).isTrue();
        assertThat(ThreadCpu.isServerThread("lottor-check-back")).isTrue();

        assertThat(ThreadCpu.isServerThread("lottor-check-back-1")).as("the client's responder").isFalse();
        assertThat(ThreadCpu.isServerThread("lottor-handler-7")).isFalse();
        assertThat(ThreadCpu.isServerThread("lottor-session-1")).isFalse();
        assertThat(ThreadCpu.isServerThread("grpc-default-executor-0")).as("gRPC's shared pools: clients only").isFalse();
        assertThat(ThreadCpu.isServerThread("grpc-nio-worker-ELG-1-3")).isFalse();
        assertThat(ThreadCpu.isServerThread("pool-3-thread-1")).isFalse();
    }

    @Test
    void theServersShareIsPartOfTheProcessesTime() {
        ThreadCpu before = ThreadCpu.now();
        long spin = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < spin) {
            Thread.onSpinWait();
        }
        ThreadCpu spent = ThreadCpu.now().since(before);

        assertThat(spent.processNanos()).isPositive();
        assertThat(spent.serverNanos()).isBetween(0L, spent.processNanos());
    }
}
