package io.lottor.spring.internal;

import io.lottor.client.GroupIds;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LocalTransactionException;
import io.lottor.client.LottorClient;
import io.lottor.client.LottorException;
import io.lottor.client.TransactionGroup;
import io.lottor.client.internal.ErrorText;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The messages of one Spring transaction and the group they become. Registered with the transaction at
 * its first {@code send}; Spring suspends it with its transaction ({@code REQUIRES_NEW} gets one of its
 * own) and tells it about savepoints ({@code NESTED}).
 *
 * <p>{@link #beforeCommit}: Prepare (blocking; it must answer PREPARED) and the barrier row
 * {@code (group, 'C')} on the transaction's own connection; a failure rolls the transaction back.
 * {@link #afterCompletion}: Commit or Rollback in the background, but Rollback only when the local
 * rollback is certain. Spring's {@code AbstractPlatformTransactionManager.processCommit} reports:
 * <ul>
 *   <li>{@code STATUS_COMMITTED}: the commit succeeded → Commit;</li>
 *   <li>{@code STATUS_ROLLED_BACK} when a {@code beforeCommit} threw (ours included), and also when the
 *       commit itself threw a non-{@code TransactionException} (as {@code JdbcTransactionManager} and
 *       {@code JpaTransactionManager} translate a failed commit) and the rollback that followed worked
 *       ({@code doRollbackOnCommitException}): the database may have committed before the connection
 *       failed;</li>
 *   <li>{@code STATUS_UNKNOWN} when the commit threw a {@code TransactionException}, or the rollback after a
 *       failure threw.</li>
 * </ul>
 * So Rollback is sent only for {@code STATUS_ROLLED_BACK} when this synchronization's own
 * {@code beforeCommit} did not finish (the barrier row was never written, so the commit was never
 * attempted). Every other outcome sends nothing: the coordinator's check-back asks the barrier, which
 * answers exactly what the database holds ('C' committed, or its 'R' claim wins). Used by one thread at
 * a time, as its transaction is.
 */
final class GroupSynchronization implements TransactionSynchronization {
    private static final Logger log = LoggerFactory.getLogger(GroupSynchronization.class);

    private final Object owner;
    private final LottorClient client;
    private final JdbcBarrier barrier;
    private final TransactionConnections connections;
    private final LottorMetrics metrics;
    private final List<OutgoingMessage> messages = new ArrayList<>();
    private final Map<Object, Integer> savepoints = new IdentityHashMap<>();
    private final String groupId = GroupIds.next();
    private TransactionGroup group;
    private boolean barrierWritten;

    GroupSynchronization(Object owner, LottorClient client, JdbcBarrier barrier, TransactionConnections connections,
                         LottorMetrics metrics) {
        this.owner = owner;
        this.client = client;
        this.barrier = barrier;
        this.connections = connections;
        this.metrics = metrics;
    }

    String groupId() {
        return groupId;
    }

    boolean ownedBy(Object candidate) {
        return owner == candidate;
    }

    /** Buffers the message; returns its id, which is the one the group will give it. */
    String add(OutgoingMessage message) {
        messages.add(message);
        return "m" + messages.size();
    }

    @Override
    public int getOrder() {
        // Prepare after the other synchronizations (e.g. a Hibernate session flush under
        // HibernateTransactionManager), which can still fail the commit.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void savepoint(Object savepoint) {
        savepoints.put(savepoint, messages.size());
    }

    @Override
    public void savepointRollback(Object savepoint) {
        // A savepoint we were not told about was taken before the first send: everything came after it.
        int keep = savepoints.getOrDefault(savepoint, 0);
        messages.subList(keep, messages.size()).clear();
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        if (messages.isEmpty()) {
            return;
        }
        var connection = connections.current();
        group = client.begin(groupId);
        messages.forEach(m -> group.sendRaw(m.target(), m.method(), m.payload(), null, m.headers()));
        prepare();
        try {
            barrier.insertCommitted(connection, group.id());
        } catch (SQLException e) {
            throw new LocalTransactionException("barrier insert failed, local transaction rolls back group="
                    + group.id(), e);
        }
        barrierWritten = true;
    }

    private void prepare() {
        try {
            group.prepare();
        } catch (LottorException e) {
            metrics.group("prepare_failed");
            log.warn("prepare failed, local transaction rolls back group={} error={}", group.id(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void afterCompletion(int status) {
        if (group == null || !group.isPrepared()) {
            return;
        }
        String id = group.id();
        if (status == STATUS_COMMITTED) {
            metrics.messagesSent(messages.size());
            group.commitAsync().whenComplete((ok, error) -> finished(id, "committed", error));
        } else if (status == STATUS_ROLLED_BACK && !barrierWritten) {
            group.rollbackAsync("local transaction rolled back")
                    .whenComplete((ok, error) -> finished(id, "rolled_back", error));
        } else {
            metrics.group("unknown");
            log.warn("local transaction failed at or after its commit, outcome unknown, check-back resolves it"
                    + " group={} status={}", id, status == STATUS_ROLLED_BACK ? "rolled_back" : "unknown");
        }
    }

    private void finished(String groupId, String outcome, Throwable error) {
        if (error == null) {
            metrics.group(outcome);
            log.debug("group finished group={} outcome={}", groupId, outcome);
        } else {
            metrics.group("unknown");
            log.warn("{} not delivered, check-back resolves it group={} error={}", outcome, groupId, ErrorText.of(error));
        }
    }
}
