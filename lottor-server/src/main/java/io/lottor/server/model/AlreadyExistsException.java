package io.lottor.server.model;

/** A group with this id already exists with different content. */
public final class AlreadyExistsException extends LottorException {
    public AlreadyExistsException(String field, String message) {
        super(field, message);
    }

    public AlreadyExistsException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public String code() {
        return "ALREADY_EXISTS";
    }
}
