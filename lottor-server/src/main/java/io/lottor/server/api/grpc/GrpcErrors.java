package io.lottor.server.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.server.model.LottorException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps coordinator errors to gRPC statuses; the description is the error's message, which names the field.
 * An unexpected error is INTERNAL with only an error id, logged with the exception: its text may hold
 * stored data or internals a caller should not see.
 */
final class GrpcErrors {
    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof LottorException lottor) {
            return Status.fromCode(Status.Code.valueOf(lottor.code()))
                    .withDescription(lottor.getMessage())
                    .asRuntimeException();
        }
        String errorId = String.format("%08x", ThreadLocalRandom.current().nextInt());
        log.error("unexpected error in a gRPC call error_id={}", errorId, cause);
        return Status.INTERNAL.withDescription("internal error id=" + errorId + "; the server log has the details")
                .asRuntimeException();
    }
}
