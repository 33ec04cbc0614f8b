package io.lottor.server.model;

/**
 * The server is too busy to take the request now: its store's write queue or the requests it is reading
 * are at their bound. Nothing was stored; the same request may succeed later (retry with backoff). Code
 * {@code RESOURCE_EXHAUSTED}; the message starts with {@code overloaded}.
 */
public final class OverloadedException extends LottorException {
    public OverloadedException(String message) {
        super(null, "overloaded: " + message);
    }

    @Override
    public String code() {
        return "RESOURCE_EXHAUSTED";
    }
}
