package io.lottor.server.model;

/** The group's state forbids the operation, e.g. commit after rollback. */
public final class FailedPreconditionException extends LottorException {
    public FailedPreconditionException(String field, String message) {
        super(field, message);
    }

    public FailedPreconditionException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public String code() {
        return "FAILED_PRECONDITION";
    }
}
