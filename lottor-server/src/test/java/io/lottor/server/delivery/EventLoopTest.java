package io.lottor.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.store.AfterCallbacks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    private final EventLoop loop = new EventLoop();
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void eventsPostedFromAnyThreadRunInOrderOnTheDispatcherThread() throws Exception {
        for (int i = 0; i < 100; i++) {
            String name = "event " + i;
            loop.post(() -> ran.add(name + " on " + Thread.currentThread().getName()));
        }
        awaitRan(100);

        assertThat(ran).hasSize(100).allMatch(line -> line.endsWith(" on lottor-dispatcher"));
        assertThat(ran.get(0)).startsWith("event 0 ");
        assertThat(ran.get(99)).startsWith("event 99 ");
    }

    @Test
    void eventsPostedInAStoreBatchsCallbacksRunOnItsThreadWhenTheBatchEndsWhileTheDispatcherSleeps() throws Exception {
        loop.post(() -> ran.add("before"));
        awaitRan(1);

        try (AfterCallbacks.Scope callbacks = AfterCallbacks.open()) {
            loop.post(() -> ran.add("first on " + Thread.currentThread().getName()));
            loop.post(() -> loop.post(() -> ran.add("posted by an event on " + Thread.currentThread().getName())));
            loop.post(() -> ran.add("second"));
            assertThat(ran).as("nothing woke the dispatcher").containsExactly("before");
        }

        String here = Thread.currentThread().getName();
        assertThat(ran).containsExactly("before", "first on " + here, "second", "posted by an event on " + here);
    }

    @Test
    void eventsPostedInAStoreBatchsCallbacksRunOnTheDispatcherWhenItIsBusy() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.post(() -> {
            busy.countDown();
            await(release);
            ran.add("busy");
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

        try (AfterCallbacks.Scope callbacks = AfterCallbacks.open()) {
            loop.post(() -> ran.add("posted on " + Thread.currentThread().getName()));
        }
        assertThat(ran).as("the batch's thread did not wait for the dispatcher").isEmpty();
        release.countDown();
        awaitRan(2);

        assertThat(ran).containsExactly("busy", "posted on lottor-dispatcher");
    }

    @Test
    void ticksRunOnTheDispatcherThreadEveryInterval() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        loop.every(10, () -> {
            if (Thread.currentThread().getName().equals("lottor-dispatcher")) {
                ticks.incrementAndGet();
            }
            three.countDown();
        });

        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ticks.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void closeRunsWhatIsAlreadyPostedAndDropsWhatComesAfter() {
        CountDownLatch release = new CountDownLatch(1);
        loop.post(() -> await(release));
        for (int i = 0; i < 10; i++) {
            String name = "event " + i;
            loop.post(() -> ran.add(name));
        }
        Thread closer = new Thread(loop::close);
        closer.start();
        release.countDown();
        joinQuietly(closer);
        loop.post(() -> ran.add("after close"));

        assertThat(ran).hasSize(10).doesNotContain("after close");
    }

    private void awaitRan(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ran).hasSizeGreaterThanOrEqualTo(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
