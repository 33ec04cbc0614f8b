package io.lottor.server.delivery.direct;

import io.lottor.server.store.DueMessage;

/** Where a message goes: its target service and method. Sessions consume routes; queues and scans are per route. */
record Route(String target, String method) {

    static Route of(DueMessage message) {
        return new Route(message.target(), message.method());
    }
}
