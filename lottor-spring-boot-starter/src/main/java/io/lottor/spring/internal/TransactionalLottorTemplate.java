package io.lottor.spring.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LottorClient;
import io.lottor.client.LottorException;
import io.lottor.spring.LottorTemplate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link LottorTemplate} over Spring's transaction synchronization: the first {@code send} of a
 * transaction registers a {@link GroupSynchronization}, later ones find it. Thread-safe (state lives
 * in the thread's transaction).
 */
public final class TransactionalLottorTemplate implements LottorTemplate {
    private final LottorClient client;
    private final JdbcBarrier barrier;
    private final TransactionConnections connections;
    private final ObjectMapper objectMapper;
    private final LottorMetrics metrics;

    public TransactionalLottorTemplate(LottorClient client, JdbcBarrier barrier, TransactionConnections connections,
                                       ObjectMapper objectMapper, LottorMetrics metrics) {
        this.client = client;
        this.barrier = barrier;
        this.connections = connections;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
    }

    @Override
    public String send(String target, String method, Object payload) {
        return send(target, method, payload, Map.of());
    }

    @Override
    public String send(String target, String method, Object payload, Map<String, String> headers) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        GroupSynchronization group = currentGroup();
        return group.add(new OutgoingMessage(target, method, encode(payload), Map.copyOf(headers)));
    }

    @Override
    public Optional<String> currentGroupId() {
        return inTransaction() ? registered().map(GroupSynchronization::groupId) : Optional.empty();
    }

    private GroupSynchronization currentGroup() {
        if (!inTransaction()) {
            throw new IllegalStateException("LottorTemplate.send needs an active Spring transaction: call it from a "
                    + "@LottorTransactional (or @Transactional) method, or inside TransactionTemplate.execute");
        }
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            throw new IllegalStateException("LottorTemplate.send cannot run in a read-only transaction: the barrier "
                    + "row is written in it at commit");
        }
        return registered().orElseGet(() -> {
            GroupSynchronization group = new GroupSynchronization(this, client, barrier, connections, metrics);
            TransactionSynchronizationManager.registerSynchronization(group);
            return group;
        });
    }

    private static boolean inTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive();
    }

    private Optional<GroupSynchronization> registered() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof GroupSynchronization group && group.ownedBy(this)) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    private byte[] encode(Object payload) {
        try {
            return objectMapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new LottorException("cannot encode payload of type "
                    + (payload == null ? "null" : payload.getClass().getName()) + ": " + e.getOriginalMessage(), e);
        }
    }
}
