package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadAllocationsTest {
    private static final int ARRAYS = 100;
    private static final int ARRAY_BYTES = 100_000;

    @Test
    void countsWhatAServerThreadAllocatedUnderTheServerAndTheProcess() throws InterruptedException {
        ThreadAllocations before = ThreadAllocations.now();
        AtomicReference<ThreadAllocations> whileAlive = new AtomicReference<>();
        Thread server = new Thread(() -> {
            allocate();
            whileAlive.set(ThreadAllocations.now());
        }, "lottor-dispatcher");
        server.start();
        server.join();

        ThreadAllocations spent = whileAlive.get().since(before);

        assertThat(spent.counted()).isTrue();
        assertThat(spent.serverBytes()).as("the server thread's arrays").isGreaterThanOrEqualTo((long) ARRAYS * ARRAY_BYTES);
        assertThat(spent.processBytes()).isGreaterThanOrEqualTo(spent.serverBytes());
    }

    @Test
    void aClientThreadsAllocationsCountForTheProcessOnly() {
        ThreadAllocations before = ThreadAllocations.now();
        allocate();
        ThreadAllocations spent = ThreadAllocations.now().since(before);

        assertThat(spent.processBytes()).isGreaterThanOrEqualTo((long) ARRAYS * ARRAY_BYTES);
        assertThat(spent.serverBytes()).as("no server thread ran").isLessThan((long) ARRAYS * ARRAY_BYTES);
    }

    private static void allocate() {
        long sum = 0;
        for (int i = 0; i < ARRAYS; i++) {
            byte[] bytes = new byte[ARRAY_BYTES];
            bytes[i] = 1;
            sum += bytes.length;
        }
        assertThat(sum).isEqualTo((long) ARRAYS * ARRAY_BYTES);
    }
}
