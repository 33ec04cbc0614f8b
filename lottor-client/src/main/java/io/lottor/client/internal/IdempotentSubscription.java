package io.lottor.client.internal;

import io.lottor.client.ConsumedLog;
import io.lottor.client.LocalTransactionException;
import io.lottor.client.MessageContext;
import io.lottor.client.TransactionalMessageHandler;
import io.lottor.protocol.v1.Delivery;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the payload, then in one local transaction records the message in {@code lottor_consumed}
 * and runs the handler on the same connection. A message already recorded is skipped and reported as
 * success; a handler exception rolls everything back and is reported as failure.
 */
public final class IdempotentSubscription<T> implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(IdempotentSubscription.class);

    private final Class<T> type;
    private final DataSource dataSource;
    private final ConsumedLog consumed;
    private final TransactionalMessageHandler<T> handler;
    private final PayloadCodec codec;

    public IdempotentSubscription(Class<T> type, DataSource dataSource, ConsumedLog consumed,
                                  TransactionalMessageHandler<T> handler, PayloadCodec codec) {
        this.type = type;
        this.dataSource = dataSource;
        this.consumed = consumed;
        this.handler = handler;
        this.codec = codec;
    }

    @Override
    public void consume(Delivery delivery) throws Exception {
        T payload = codec.decode(delivery.getMessage(), type);
        MessageContext context = Subscription.contextOf(delivery);
        consumed.createTableIfMissing();
        Connection connection = open();
        boolean autoCommit = connection.getAutoCommit();
        Throwable failure = null;
        try {
            connection.setAutoCommit(false);
            apply(connection, payload, context);
        } catch (Throwable t) {
            failure = t;
            SqlErrors.rollbackQuietly(connection, t);
            throw t;
        } finally {
            SqlErrors.restoreAndClose(connection, autoCommit, failure);
        }
    }

    private void apply(Connection connection, T payload, MessageContext context) throws Exception {
        if (!consumed.markConsumed(connection, context.groupId(), context.messageId())) {
            connection.rollback();
            log.info("message already consumed, skipped group={} message={}", context.groupId(), context.messageId());
            return;
        }
        handler.handle(connection, payload, context);
        connection.commit();
    }

    private Connection open() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new LocalTransactionException("cannot open a connection for the idempotent consumer", e);
        }
    }
}
