package io.lottor.server.model;

/**
 * Root of every error the coordinator reports to a caller. Each subclass maps to one gRPC status code
 * and one HTTP status; {@link #field()} names the request field at fault, when there is one.
 */
public abstract class LottorException extends RuntimeException {
    private final String field;

    protected LottorException(String field, String message) {
        super(message);
        this.field = field;
    }

    protected LottorException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The request field the error is about, or {@code null}. */
    public String field() {
        return field;
    }

    /** A stable code for APIs: {@code INVALID_ARGUMENT}, {@code NOT_FOUND}, … */
    public abstract String code();
}
