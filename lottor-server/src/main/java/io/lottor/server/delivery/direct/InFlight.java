package io.lottor.server.delivery.direct;

import io.lottor.server.session.ClientSession;
import io.lottor.server.store.DueMessage;

/** One delivery awaiting its result: what went where, which attempt, and when it times out. */
record InFlight(DueMessage message, ClientSession session, int attempt, long deadline) {

    Route route() {
        return Route.of(message);
    }

    /** The message as it stands after this delivery, for a redelivery. */
    DueMessage delivered() {
        return message.afterAttempt(attempt);
    }
}
