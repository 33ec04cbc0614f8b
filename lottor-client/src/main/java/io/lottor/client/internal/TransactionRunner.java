package io.lottor.client.internal;

import io.lottor.client.CommitOutcomeUnknownException;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LocalTransactionException;
import io.lottor.client.LottorException;
import io.lottor.client.LottorRpcException;
import io.lottor.client.TransactionGroup;
import io.lottor.client.TransactionWork;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's sequence around one local transaction: work → Prepare → barrier row 'C' → local
 * commit → Commit in the background; a failing work rolls back locally and, if prepared, on the
 * coordinator. The confirm is never sent before the local commit. Thread-safe (no shared state per
 * call).
 */
public final class TransactionRunner {
    private static final Logger log = LoggerFactory.getLogger(TransactionRunner.class);

    private final JdbcBarrier barrier;
    private final Function<String, TransactionGroup> groups;

    /** {@code barrier} may be null: every run then fails with IllegalStateException. */
    public TransactionRunner(JdbcBarrier barrier, Function<String, TransactionGroup> groups) {
        this.barrier = barrier;
        this.groups = groups;
    }

    /**
     * Creates {@code lottor_barrier} before any business transaction can hold a write lock (on SQLite a
     * DDL on a second connection would wait for it). Best effort: if the database is down now, the table
     * is created on first use instead.
     */
    public void createBarrierTableEarly() {
        if (barrier == null) {
            return;
        }
        try {
            barrier.createTableIfMissing();
        } catch (SQLException e) {
            log.warn("lottor_barrier not created yet, will retry on first use error={}", e.getMessage());
        }
    }

    public <T, X extends Exception> T run(String groupId, DataSource dataSource, TransactionWork<T, X> work) throws X {
        requireBarrierOf(dataSource);
        createBarrierTable();
        TransactionGroup group = groups.apply(groupId);
        Connection connection = open(dataSource);
        boolean autoCommit = beginLocal(connection, group);
        Throwable failure = null;
        try {
            T result = runWork(connection, group, work);
            finish(connection, group);
            return result;
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            SqlErrors.restoreAndClose(connection, autoCommit, failure);
        }
    }

    private static boolean beginLocal(Connection connection, TransactionGroup group) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            return autoCommit;
        } catch (SQLException e) {
            SqlErrors.restoreAndClose(connection, true, e);
            throw new LocalTransactionException("cannot start a local transaction group=" + group.id(), e);
        }
    }

    private <T, X extends Exception> T runWork(Connection connection, TransactionGroup group, TransactionWork<T, X> work)
            throws X {
        try {
            return work.run(connection, group);
        } catch (Throwable t) {
            SqlErrors.rollbackQuietly(connection, t);
            abandon(group, "local transaction failed: " + ErrorText.of(t));
            throw t;
        }
    }

    private void finish(Connection connection, TransactionGroup group) {
        if (group.size() == 0) {
            commitWithoutGroup(connection, group);
            return;
        }
        prepare(connection, group);
        insertBarrier(connection, group);
        try {
            connection.commit();
        } catch (SQLException e) {
            SqlErrors.rollbackQuietly(connection, e);
            log.warn("local commit failed, outcome unknown, check-back resolves it group={} error={}", group.id(),
                    ErrorText.of(e));
            throw new CommitOutcomeUnknownException(group.id(), e);
        }
        group.commitAsync().whenComplete((ok, error) -> reportCommit(group.id(), error));
    }

    private static void commitWithoutGroup(Connection connection, TransactionGroup group) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new LocalTransactionException("local commit failed group=" + group.id(), e);
        }
    }

    private static void prepare(Connection connection, TransactionGroup group) {
        try {
            group.prepare();
        } catch (LottorException e) {
            SqlErrors.rollbackQuietly(connection, e);
            log.warn("prepare failed, local transaction rolled back group={} error={}", group.id(), e.getMessage());
            throw e;
        }
    }

    private void insertBarrier(Connection connection, TransactionGroup group) {
        try {
            barrier.insertCommitted(connection, group.id());
        } catch (SQLException e) {
            SqlErrors.rollbackQuietly(connection, e);
            abandon(group, "barrier insert failed: " + ErrorText.of(e));
            throw new LocalTransactionException("barrier insert failed, local transaction rolled back group="
                    + group.id(), e);
        }
    }

    private static void abandon(TransactionGroup group, String reason) {
        log.info("local transaction rolled back group={} prepared={}", group.id(), group.isPrepared());
        if (group.isPrepared()) {
            group.rollbackAsync(reason).whenComplete((ok, error) -> {
                if (error != null) {
                    log.warn("rollback not delivered, check-back resolves it group={} error={}", group.id(),
                            ErrorText.of(error));
                }
            });
        }
    }

    private static void reportCommit(String groupId, Throwable error) {
        if (error == null) {
            return;
        }
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        if (cause instanceof LottorRpcException rpc && rpc.code() == Status.Code.FAILED_PRECONDITION) {
            log.error("commit refused after local commit group={} error={}", groupId, rpc.getMessage());
        } else {
            log.warn("commit not delivered, check-back resolves it group={} error={}", groupId, ErrorText.of(cause));
        }
    }

    private void requireBarrierOf(DataSource dataSource) {
        if (barrier == null) {
            throw new IllegalStateException("inTransaction needs a JDBC barrier: build the client with "
                    + "LottorClient.builder().barrier(dataSource), using the DataSource of your transactions");
        }
        if (barrier.dataSource() != dataSource) {
            throw new IllegalArgumentException("inTransaction must use the DataSource given to builder().barrier(...): "
                    + "check-backs are answered from lottor_barrier in that database");
        }
    }

    private void createBarrierTable() {
        try {
            barrier.createTableIfMissing();
        } catch (SQLException e) {
            throw new LocalTransactionException("cannot create lottor_barrier", e);
        }
    }

    private static Connection open(DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new LocalTransactionException("cannot open a connection for the local transaction", e);
        }
    }
}
