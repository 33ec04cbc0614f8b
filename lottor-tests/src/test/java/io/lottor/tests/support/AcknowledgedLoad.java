package io.lottor.tests.support;

import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producers' load for crash tests: each producer prepares and commits groups (one {@code record-order}
 * message for {@code ledger}) in a bounded loop, recording which Prepares and Commits the server
 * acknowledged, so a test can check after a crash that nothing acknowledged was lost. A failed call is
 * counted and followed by a short pause. Thread-safe.
 */
public final class AcknowledgedLoad {
    private final String groupPrefix;
    private final int groupsPerProducer;
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failedCalls = new AtomicInteger();

    /** Group ids are {@code <groupPrefix>-p<producer>-<n>}, at most {@code groupsPerProducer} per producer. */
    public AcknowledgedLoad(String groupPrefix, int groupsPerProducer) {
        this.groupPrefix = groupPrefix;
        this.groupsPerProducer = groupsPerProducer;
    }

    /** Runs producer {@code producerIndex}'s loop until its groups are done or {@code deadline} (nanoTime). */
    public void produce(LottorClient producer, int producerIndex, long deadline) {
        for (int i = 0; i < groupsPerProducer && System.nanoTime() < deadline; i++) {
            String groupId = groupPrefix + "-p" + producerIndex + "-" + i;
            TransactionGroup group = producer.begin(groupId);
            group.send("ledger", "record-order", Map.of("order", groupId));
            try {
                group.prepare();
                prepared.add(groupId);
                group.commit();
                committed.add(groupId);
            } catch (RuntimeException e) {
                failedCalls.incrementAndGet();
                pause();
            }
        }
    }

    /** Groups whose Prepare the server acknowledged. */
    public Set<String> prepared() {
        return prepared;
    }

    /** Groups whose Commit the server acknowledged. */
    public Set<String> committed() {
        return committed;
    }

    /** Prepares and Commits that failed (the server was down or starting). */
    public AtomicInteger failedCalls() {
        return failedCalls;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
