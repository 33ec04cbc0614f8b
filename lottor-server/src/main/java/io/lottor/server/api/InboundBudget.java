package io.lottor.server.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The request bytes the transports may hold at once, shared by gRPC and HTTP: a request reserves what it
 * may weigh before its body is read and gives it back once its handler has handed it on (to the store's
 * bounded queue, or refused it). So requests being read never hold more than {@code maxBytes}, however many
 * arrive together. A reservation that does not fit now either waits its turn (at most {@code maxWaiting}
 * wait, first come first served) or is refused. One larger than the whole budget is granted when nothing
 * else is reserved. Thread-safe.
 */
public final class InboundBudget {
    private final long maxBytes;
    private final int maxWaiting;
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private long reserved;

    /** Where a reservation stands. */
    public enum State {
        /** Reserved: give it back with {@link Ticket#close()}. */
        GRANTED,
        /** Queued: its {@code whenGranted} runs once it is reserved. */
        WAITING,
        /** Not reserved: too much is reserved, or too many wait already. */
        REFUSED,
        /** Given back, or left the queue. */
        CLOSED
    }

    /** One reservation. {@link #close()} gives it back, or takes it out of the queue; idempotent. */
    public final class Ticket implements AutoCloseable {
        private final long bytes;
        private final Runnable whenGranted;
        private State state;

        private Ticket(long bytes, Runnable whenGranted) {
            this.bytes = bytes;
            this.whenGranted = whenGranted;
        }

        public State state() {
            synchronized (InboundBudget.this) {
                return state;
            }
        }

        @Override
        public void close() {
            boolean release;
            synchronized (InboundBudget.this) {
                release = state == State.GRANTED;
                if (state == State.WAITING) {
                    waiting.remove(this);
                }
                state = state == State.REFUSED ? State.REFUSED : State.CLOSED;
            }
            if (release) {
                release(bytes);
            }
        }
    }

    public InboundBudget(long maxBytes, int maxWaiting) {
        if (maxBytes < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("maxBytes must be at least 1 and maxWaiting not negative");
        }
        this.maxBytes = maxBytes;
        this.maxWaiting = maxWaiting;
    }

    /** Reserves {@code bytes} if they fit now, else refuses them: never waits. */
    public synchronized Ticket tryReserve(long bytes) {
        Ticket ticket = new Ticket(bytes, () -> { });
        ticket.state = grantNow(bytes) ? State.GRANTED : State.REFUSED;
        return ticket;
    }

    /**
     * Reserves {@code bytes} now, or queues the reservation to run {@code whenGranted} (on the thread that
     * gives bytes back) once it is reserved, or refuses it when {@code maxWaiting} reservations wait already.
     */
    public synchronized Ticket reserve(long bytes, Runnable whenGranted) {
        Ticket ticket = new Ticket(bytes, whenGranted);
        if (grantNow(bytes)) {
            ticket.state = State.GRANTED;
        } else if (waiting.size() < maxWaiting) {
            ticket.state = State.WAITING;
            waiting.add(ticket);
        } else {
            ticket.state = State.REFUSED;
        }
        return ticket;
    }

    /** Bytes reserved now. */
    public synchronized long reserved() {
        return reserved;
    }

    private boolean grantNow(long bytes) {
        if (!waiting.isEmpty() || !fits(bytes)) {
            return false;
        }
        reserved += bytes;
        return true;
    }

    private void release(long bytes) {
        List<Runnable> granted = new ArrayList<>();
        synchronized (this) {
            reserved -= bytes;
            while (!waiting.isEmpty() && fits(waiting.peek().bytes)) {
                Ticket next = waiting.poll();
                reserved += next.bytes;
                next.state = State.GRANTED;
                granted.add(next.whenGranted);
            }
        }
        granted.forEach(Runnable::run);
    }

    private boolean fits(long bytes) {
        return reserved == 0 || reserved + bytes <= maxBytes;
    }
}
