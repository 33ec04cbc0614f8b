package io.lottor.server.model;

/** No such group or message. */
public final class NotFoundException extends LottorException {
    public NotFoundException(String field, String message) {
        super(field, message);
    }

    public NotFoundException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public String code() {
        return "NOT_FOUND";
    }
}
