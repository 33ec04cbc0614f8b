package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStatsTest {
    @Test
    void countsAThreadsCpuAndSleepsUnderItsNameWithoutThePoolNumber() throws Exception {
        TaskStats before = TaskStats.now();
        Thread worker = new Thread(() -> {
            for (int round = 0; round < 20; round++) {
                long spin = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "taskstat-7");
        worker.start();
        TaskStats during = awaitSeen(before, worker);
        worker.join();

        TaskStats.Usage usage = during.byName().get("taskstat");
        assertThat(usage.sleeps()).as("parked and woken").isPositive();
        assertThat(during.sleeps()).isGreaterThanOrEqualTo(usage.sleeps());
        assertThat(during.cpuNanos(name -> name.equals("taskstat"))).isEqualTo(usage.cpuNanos());
        assertThat(during.lines(1)).anyMatch(line -> line.startsWith("thread=taskstat cpu_us_per_group="));
    }

    @Test
    void countsTheBytesAThreadWroteUnderItsName(@TempDir Path dir) throws Exception {
        TaskStats before = TaskStats.now();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (FileChannel file = FileChannel.open(dir.resolve("out"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                for (int i = 0; i < 10; i++) {
                    file.write(ByteBuffer.allocate(10_000));
                }
                written.countDown();
                read.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "taskwrite-3");
        writer.start();
        assertThat(written.await(10, TimeUnit.SECONDS)).as("the writer wrote its file").isTrue();
        TaskStats during = TaskStats.now().since(before);
        read.countDown();
        writer.join();

        assertThat(during.writtenBytes(name -> name.equals("taskwrite"))).isGreaterThanOrEqualTo(100_000);
        assertThat(during.writtenBytes(name -> name.equals("no-such-thread"))).isZero();
    }

    /** Reads while the worker still runs (a thread that ended is gone from /proc), once it has slept. */
    private static TaskStats awaitSeen(TaskStats before, Thread worker) throws InterruptedException {
        TaskStats seen = TaskStats.now().since(before);
        while (worker.isAlive()) {
            TaskStats now = TaskStats.now().since(before);
            TaskStats.Usage usage = now.byName().get("taskstat");
            if (usage != null && usage.sleeps() > 0 && usage.cpuNanos() > 0) {
                return now;
            }
            seen = now;
            Thread.sleep(5);
        }
        return seen;
    }
}
