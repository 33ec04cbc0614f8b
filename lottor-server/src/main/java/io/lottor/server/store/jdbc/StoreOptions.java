package io.lottor.server.store.jdbc;

import java.time.Duration;

/**
 * Tuning of a {@link JdbcStore}.
 *
 * @param maxBatchSize    most writes committed in one transaction by the group-commit writer
 * @param readConnections size of the read connection pool
 * @param busyTimeout     how long a statement or a read waits for a lock or a free connection
 */
public record StoreOptions(int maxBatchSize, int readConnections, Duration busyTimeout) {

    public StoreOptions {
        if (maxBatchSize < 1 || readConnections < 1) {
            throw new IllegalArgumentException("maxBatchSize and readConnections must be at least 1");
        }
        if (busyTimeout == null || busyTimeout.isNegative()) {
            throw new IllegalArgumentException("busyTimeout must be zero or positive");
        }
    }

    /** 1000 writes a batch, 4 read connections, 5 s busy timeout. */
    public static StoreOptions defaults() {
        return new StoreOptions(1000, 4, Duration.ofSeconds(5));
    }

    public StoreOptions withMaxBatchSize(int value) {
        return new StoreOptions(value, readConnections, busyTimeout);
    }

    public StoreOptions withReadConnections(int value) {
        return new StoreOptions(maxBatchSize, value, busyTimeout);
    }

    public StoreOptions withBusyTimeout(Duration value) {
        return new StoreOptions(maxBatchSize, readConnections, value);
    }
}
