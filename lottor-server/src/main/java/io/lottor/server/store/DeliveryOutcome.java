package io.lottor.server.store;

/** What became of one delivery, as {@link Store#recordOutcome} applies it. */
public sealed interface DeliveryOutcome {

    /**
     * The consumer applied the message: CONSUMED by {@code instanceId}, last error cleared. Applies only
     * to a message of target {@code service} whose current attempt was delivered to {@code deliveredTo}:
     * the instance itself on a session, or the broker destination (e.g. {@code rabbitmq:lottor.auth}) any
     * instance of the target consumes from.
     */
    record Consumed(String service, String instanceId, String deliveredTo) implements DeliveryOutcome {

        /** Consumed by the instance the attempt was delivered to. */
        public Consumed(String service, String instanceId) {
            this(service, instanceId, instanceId);
        }
    }

    /** The delivery failed and will be retried: FAILED, due again at {@code nextAttemptAt}. */
    record Failed(String error, long nextAttemptAt) implements DeliveryOutcome {
    }

    /** The delivery failed and no attempt is left: DEAD. */
    record Dead(String error) implements DeliveryOutcome {
    }

    /** The delivery was lost with its session: READY, due at once, the attempt still counted. */
    record Requeued(String error) implements DeliveryOutcome {
    }
}
