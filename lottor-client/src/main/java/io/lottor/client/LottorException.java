package io.lottor.client;

/** Root of every error the Lottor client throws. Unchecked. */
public class LottorException extends RuntimeException {
    public LottorException(String message) {
        super(message);
    }

    public LottorException(String message, Throwable cause) {
        super(message, cause);
    }
}
