package io.lottor.server.api.http;

import io.lottor.server.model.LottorException;
import io.lottor.server.model.OverloadedException;

/** The HTTP status of each coordinator error code, and the code of an HTTP status. */
final class HttpStatuses {
    private HttpStatuses() {
    }

    static int of(LottorException error) {
        if (error instanceof OverloadedException) {
            return 429;
        }
        return switch (error.code()) {
            case "INVALID_ARGUMENT" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "PERMISSION_DENIED" -> 403;
            case "NOT_FOUND" -> 404;
            case "ALREADY_EXISTS", "FAILED_PRECONDITION" -> 409;
            case "RESOURCE_EXHAUSTED" -> 413;
            case "UNAVAILABLE" -> 503;
            default -> 500;
        };
    }

    /** The error code for an HTTP status raised by the web server itself (body too large, bad request…). */
    static String code(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "FAILED_PRECONDITION";
            case 413, 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
    }
}
