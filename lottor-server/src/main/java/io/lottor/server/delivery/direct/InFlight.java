package io.lottor.server.delivery.direct;

import io.lottor.server.store.DueMessage;

/** One delivery awaiting its result: what went where, which attempt, and when it times out. */
record InFlight(DueMessage message, ClientSession session, int attempt, long deadline) {

    /** The message as it stands after this delivery, for a redelivery. */
    DueMessage delivered() {
        return new DueMessage(message.groupId(), message.source(), message.messageId(), message.target(),
                message.method(), message.payload(), message.contentType(), message.headers(), attempt);
    }
}
