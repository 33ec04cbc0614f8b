package io.lottor.server.store.jdbc;

import io.lottor.server.model.Limits;
import java.time.Duration;

/**
 * Tuning of a {@link JdbcStore}.
 *
 * @param maxBatchSize    most writes committed in one transaction by the group-commit writer
 * @param readConnections size of the read connection pool
 * @param busyTimeout     how long a statement or a read waits for a lock or a free connection
 * @param maxQueuedWrites writes the group-commit writer holds before it refuses producers' writes as
 *                        overloaded (see {@link GroupCommitWriter})
 * @param maxQueuedBytes  request bytes it holds before the same
 */
public record StoreOptions(int maxBatchSize, int readConnections, Duration busyTimeout, int maxQueuedWrites,
                           long maxQueuedBytes) {

    public StoreOptions {
        if (maxBatchSize < 1 || readConnections < 1) {
            throw new IllegalArgumentException("maxBatchSize and readConnections must be at least 1");
        }
        if (busyTimeout == null || busyTimeout.isNegative()) {
            throw new IllegalArgumentException("busyTimeout must be zero or positive");
        }
        if (maxQueuedWrites < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedWrites and maxQueuedBytes must be at least 1");
        }
    }

    /** As above with the default queue bounds ({@link Limits#DEFAULTS}). */
    public StoreOptions(int maxBatchSize, int readConnections, Duration busyTimeout) {
        this(maxBatchSize, readConnections, busyTimeout, Limits.DEFAULT_MAX_QUEUED_WRITES,
                Limits.DEFAULT_MAX_QUEUED_BYTES);
    }

    /** 1000 writes a batch, 4 read connections, 5 s busy timeout, 10,000 writes or 64 MiB queued. */
    public static StoreOptions defaults() {
        return new StoreOptions(1000, 4, Duration.ofSeconds(5));
    }

    public StoreOptions withMaxBatchSize(int value) {
        return new StoreOptions(value, readConnections, busyTimeout, maxQueuedWrites, maxQueuedBytes);
    }

    public StoreOptions withReadConnections(int value) {
        return new StoreOptions(maxBatchSize, value, busyTimeout, maxQueuedWrites, maxQueuedBytes);
    }

    public StoreOptions withBusyTimeout(Duration value) {
        return new StoreOptions(maxBatchSize, readConnections, value, maxQueuedWrites, maxQueuedBytes);
    }

    /** The writer's queue bounds, in writes and in request bytes. */
    public StoreOptions withQueueBounds(int writes, long bytes) {
        return new StoreOptions(maxBatchSize, readConnections, busyTimeout, writes, bytes);
    }
}
