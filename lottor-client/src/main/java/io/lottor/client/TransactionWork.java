package io.lottor.client;

import java.sql.Connection;

/**
 * The business work of {@link LottorClient#inTransaction}: runs JDBC on {@code connection} (auto-commit
 * off; do not commit, roll back or close it) and sends messages through {@code group}.
 *
 * @param <T> what the work returns
 * @param <X> the checked exception it may throw, rethrown unchanged by {@code inTransaction}
 */
@FunctionalInterface
public interface TransactionWork<T, X extends Exception> {
    /** Does the business work; throwing rolls the local transaction and the group back. */
    T run(Connection connection, TransactionGroup group) throws X;
}
