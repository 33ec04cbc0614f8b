package io.lottor.client;

import io.grpc.Status;

/**
 * A call to the coordinator failed with a gRPC status, after the client's own retries (if the call is
 * retried at all). {@link #code()} tells what happened: {@code UNAVAILABLE} and
 * {@code DEADLINE_EXCEEDED} mean the outcome on the server may be unknown; the others are definite.
 */
public class LottorRpcException extends LottorException {
    private final Status.Code code;

    public LottorRpcException(String message, Status.Code code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code the coordinator (or the transport) answered with. */
    public Status.Code code() {
        return code;
    }
}
