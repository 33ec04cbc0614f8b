package io.lottor.server.model;

/** A request field is missing, malformed or over its limit. */
public final class InvalidArgumentException extends LottorException {
    public InvalidArgumentException(String field, String message) {
        super(field, message);
    }

    public InvalidArgumentException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public String code() {
        return "INVALID_ARGUMENT";
    }
}
