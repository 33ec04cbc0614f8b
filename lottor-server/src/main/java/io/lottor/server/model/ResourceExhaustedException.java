package io.lottor.server.model;

/** The request or a payload is too large, or the coordinator is overloaded. */
public final class ResourceExhaustedException extends LottorException {
    public ResourceExhaustedException(String field, String message) {
        super(field, message);
    }

    public ResourceExhaustedException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    @Override
    public String code() {
        return "RESOURCE_EXHAUSTED";
    }
}
