package io.lottor.server.api.http;

import io.lottor.server.group.LottorException;

/** The HTTP status of each coordinator error code. */
final class HttpStatuses {
    private HttpStatuses() {
    }

    static int of(LottorException error) {
        return switch (error.code()) {
            case "INVALID_ARGUMENT" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "NOT_FOUND" -> 404;
            case "ALREADY_EXISTS", "FAILED_PRECONDITION" -> 409;
            case "RESOURCE_EXHAUSTED" -> 413;
            case "UNAVAILABLE" -> 503;
            default -> 500;
        };
    }
}
