package io.lottor.server.model;

/** The store cannot be reached; the operation is safe to retry. */
public final class UnavailableException extends LottorException {
    public UnavailableException(String field, String message) {
        super(field, message);
    }

    public UnavailableException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public String code() {
        return "UNAVAILABLE";
    }
}
