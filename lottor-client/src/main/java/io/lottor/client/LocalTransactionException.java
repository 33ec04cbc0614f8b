package io.lottor.client;

/**
 * The producer's or consumer's local database failed outside the user's own code: opening a
 * connection, switching auto-commit, inserting the barrier or consumed row, or committing.
 * The cause is the {@link java.sql.SQLException}.
 */
public class LocalTransactionException extends LottorException {
    public LocalTransactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
