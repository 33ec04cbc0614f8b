package io.lottor.spring.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.client.ConsumedLog;
import io.lottor.client.LocalTransactionException;
import io.lottor.client.LottorException;
import io.lottor.client.MessageContext;
import io.lottor.client.MessageHandler;
import io.lottor.spring.LottorMessage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one method's messages to its {@link ListenerEndpoint}: decodes the payload, then in one
 * Spring transaction records the message in {@code lottor_consumed} on the transaction's connection and
 * invokes the listener. Already recorded: the transaction rolls back and the delivery counts as
 * consumed. The listener throws: the transaction rolls back and the exception (the listener's own, not
 * a reflection wrapper) reports the failure. Thread-safe.
 */
final class ListenerInvoker implements MessageHandler<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ListenerInvoker.class);

    private final ListenerEndpoint endpoint;
    private final JavaType payloadType;
    private final ObjectMapper objectMapper;
    private final TransactionTemplate transactions;
    private final ConsumedLog consumed;
    private final TransactionConnections connections;
    private final LottorMetrics metrics;
    private final String service;

    ListenerInvoker(ListenerEndpoint endpoint, ObjectMapper objectMapper, TransactionTemplate transactions,
                    ConsumedLog consumed, TransactionConnections connections, LottorMetrics metrics, String service) {
        this.endpoint = endpoint;
        this.payloadType = objectMapper.constructType(endpoint.payloadType());
        this.objectMapper = objectMapper;
        this.transactions = transactions;
        this.consumed = consumed;
        this.connections = connections;
        this.metrics = metrics;
        this.service = service;
    }

    @Override
    public void handle(byte[] payload, MessageContext context) throws Exception {
        long started = System.nanoTime();
        String result = "failed";
        try {
            Object decoded = decode(payload);
            LottorMessage message = new LottorMessage(context.groupId(), context.messageId(), context.source(), service,
                    context.method(), context.attempt(), context.headers());
            boolean applied = Boolean.TRUE.equals(transactions.execute(status -> apply(status, decoded, message)));
            result = applied ? "applied" : "duplicate";
        } catch (ListenerFailure failure) {
            throw failure.original();
        } finally {
            metrics.consumed(endpoint.method(), result, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private Boolean apply(TransactionStatus status, Object payload, LottorMessage message) {
        if (!markConsumed(message)) {
            status.setRollbackOnly();
            log.info("message already consumed, skipped group={} message={}", message.groupId(), message.messageId());
            return false;
        }
        invoke(payload, message);
        return true;
    }

    private boolean markConsumed(LottorMessage message) {
        try {
            return consumed.markConsumed(connections.current(), message.groupId(), message.messageId());
        } catch (SQLException e) {
            throw new LocalTransactionException("cannot record the message in lottor_consumed group="
                    + message.groupId() + " message=" + message.messageId(), e);
        }
    }

    private void invoke(Object payload, LottorMessage message) {
        Object[] args = endpoint.wantsMessage() ? new Object[] {payload, message} : new Object[] {payload};
        try {
            endpoint.handler().invoke(endpoint.bean(), args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ListenerFailure((Exception) cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call listener " + endpoint, e);
        }
    }

    private Object decode(byte[] payload) {
        if (payloadType.getRawClass() == byte[].class) {
            return payload;
        }
        try {
            return objectMapper.readValue(payload, payloadType);
        } catch (IOException e) {
            throw new LottorException("cannot decode payload as " + payloadType + " for listener " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    /** Carries a checked exception of the listener through the transaction callback (and rolls it back). */
    private static final class ListenerFailure extends RuntimeException {
        ListenerFailure(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }

        Exception original() {
            return (Exception) getCause();
        }
    }
}
