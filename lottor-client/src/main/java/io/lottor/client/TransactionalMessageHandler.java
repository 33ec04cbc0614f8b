package io.lottor.client;

import java.sql.Connection;

/**
 * Consumes one delivered message inside a local transaction that also records the message in
 * {@code lottor_consumed}. Do the work on {@code connection} and do not commit, roll back or close it:
 * the client commits when the handler returns and rolls back when it throws. A redelivered message
 * whose row is already committed never reaches the handler.
 *
 * @param <T> the payload type the message is decoded into
 */
@FunctionalInterface
public interface TransactionalMessageHandler<T> {
    /** Applies the message on {@code connection}; throw to roll back and report failure. */
    void handle(Connection connection, T payload, MessageContext context) throws Exception;
}
