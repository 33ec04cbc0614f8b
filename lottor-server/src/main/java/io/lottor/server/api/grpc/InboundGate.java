package io.lottor.server.api.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.lottor.server.api.InboundBudget;

/**
 * Bounds the unary calls the server reads at once by the {@link InboundBudget}: gRPC reads a unary call's
 * whole message before its handler runs, so each call reserves the largest message it may carry before
 * its message is requested. A call that must wait is not read until its turn (its bytes stay in HTTP/2
 * flow control: at most a window per connection); a call refused (too many wait) is answered
 * RESOURCE_EXHAUSTED "overloaded" at once, unread. The reservation is given back once the handler has run
 * (it handed the request on) or the call ended. Streaming calls (Session) pass: they read one small frame
 * at a time. Thread-safe.
 */
public final class InboundGate implements ServerInterceptor {
    private final InboundBudget budget;
    private final long reservation;

    /** @param reservation what each unary call reserves: the largest inbound message */
    public InboundGate(InboundBudget budget, long reservation) {
        this.budget = budget;
        this.reservation = reservation;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                        ServerCallHandler<Q, A> next) {
        if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        GatedCall<Q, A> gated = new GatedCall<>(call);
        InboundBudget.Ticket ticket = budget.reserve(reservation, gated::open);
        if (ticket.state() == InboundBudget.State.REFUSED) {
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("overloaded: the server is reading as many requests"
                    + " as it may (max-inbound-bytes); retry later"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        if (ticket.state() == InboundBudget.State.GRANTED) {
            gated.open();
        }
        return new Releasing<>(next.startCall(gated, headers), ticket);
    }

    /** Holds back the handler's requests for messages until the call's reservation is granted. */
    private static final class GatedCall<Q, A> extends SimpleForwardingServerCall<Q, A> {
        private boolean open;
        private int requested;

        GatedCall(ServerCall<Q, A> call) {
            super(call);
        }

        @Override
        public void request(int messages) {
            synchronized (this) {
                if (!open) {
                    requested += messages;
                    return;
                }
            }
            super.request(messages);
        }

        /** The reservation is granted: pass on what the handler requested so far. Idempotent. */
        void open() {
            int held;
            synchronized (this) {
                open = true;
                held = requested;
                requested = 0;
            }
            if (held > 0) {
                super.request(held);
            }
        }
    }

    /** Gives the reservation back once the handler has run, or the call ended without it. */
    private static final class Releasing<Q> extends SimpleForwardingServerCallListener<Q> {
        private final InboundBudget.Ticket ticket;

        Releasing(ServerCall.Listener<Q> listener, InboundBudget.Ticket ticket) {
            super(listener);
            this.ticket = ticket;
        }

        @Override
        public void onHalfClose() {
            try {
                super.onHalfClose();
            } finally {
                ticket.close();
            }
        }

        @Override
        public void onCancel() {
            ticket.close();
            super.onCancel();
        }

        @Override
        public void onComplete() {
            ticket.close();
            super.onComplete();
        }
    }
}
