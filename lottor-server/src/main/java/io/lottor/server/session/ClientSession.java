package io.lottor.server.session;

import io.lottor.server.store.DueMessage;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One client instance's open Session: who it is, what it consumes, and the serialized way to write to
 * its {@link SessionChannel}, honouring the transport's flow control: a session whose transport is not
 * ready (the client stopped reading) has no capacity for deliveries and is sent no other frame, so the
 * server never buffers more for it than its {@code max_in_flight} deliveries. Writes are thread-safe;
 * {@code inFlight} is owned by the delivery's dispatcher thread.
 */
public final class ClientSession {
    private final String sessionId;
    private final String service;
    private final String instanceId;
    private final Set<String> methods;
    private final boolean answersCheckBack;
    private final int maxInFlight;
    private final String remoteAddress;
    private final long connectedAt;
    private final SessionChannel channel;
    private volatile long lastSeenAt;
    private volatile boolean open = true;
    private volatile int inFlight;

    /** @param channel the transport the session's frames are written to (calls are serialized here) */
    public ClientSession(String sessionId, String service, String instanceId, Set<String> methods,
                         boolean answersCheckBack, int maxInFlight, String remoteAddress, long now,
                         SessionChannel channel) {
        this.sessionId = sessionId;
        this.service = service;
        this.instanceId = instanceId;
        this.methods = Set.copyOf(methods);
        this.answersCheckBack = answersCheckBack;
        this.maxInFlight = maxInFlight;
        this.remoteAddress = remoteAddress;
        this.connectedAt = now;
        this.lastSeenAt = now;
        this.channel = channel;
    }

    /**
     * Asks the producer about group {@code groupId}; the ask may be dropped (it is asked again later).
     * Answers false, sending nothing, once the session is closed, while its transport is not ready, or
     * if the transport refused the frame.
     */
    public boolean checkBack(String groupId) {
        return channel.ready() && write(transport -> transport.checkBack(groupId));
    }

    /** Sends a heartbeat, which may be dropped like {@link #checkBack}. */
    public boolean heartbeat(long now) {
        return channel.ready() && write(transport -> transport.heartbeat(now));
    }

    /**
     * Sends a delivery whose claim is durable, even if the transport is not ready (it was when the
     * delivery was claimed, and deliveries are bounded by {@code max_in_flight}). Answers false, sending
     * nothing, once the session is closed or if the transport refused the frame.
     */
    public boolean deliver(DueMessage message, int attempt) {
        return write(transport -> transport.deliver(message, attempt));
    }

    private synchronized boolean write(Consumer<SessionChannel> frame) {
        if (!open) {
            return false;
        }
        try {
            frame.accept(channel);
            return true;
        } catch (RuntimeException e) {
            open = false;
            return false;
        }
    }

    /** Marks the session closed; later {@link #send} calls do nothing. */
    public synchronized void markClosed() {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    public void touch(long now) {
        lastSeenAt = now;
    }

    public boolean consumes(String method) {
        return methods.contains(method);
    }

    /** Open, under its {@code max_in_flight}, and its transport ready for more. */
    public boolean hasCapacity() {
        return open && inFlight < maxInFlight && channel.ready();
    }

    /** How many more deliveries it takes now: none unless it {@linkplain #hasCapacity() has capacity}. */
    public int freePlaces() {
        return hasCapacity() ? maxInFlight - inFlight : 0;
    }

    /** Counts deliveries placed on (positive) or finished by (negative) this session; dispatcher thread only. */
    public void addInFlight(int delta) {
        inFlight += delta;
    }

    public int inFlight() {
        return inFlight;
    }

    public String sessionId() {
        return sessionId;
    }

    public String service() {
        return service;
    }

    public String instanceId() {
        return instanceId;
    }

    public Set<String> methods() {
        return methods;
    }

    public boolean answersCheckBack() {
        return answersCheckBack;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public long lastSeenAt() {
        return lastSeenAt;
    }

    @Override
    public String toString() {
        return "session " + sessionId + " (" + service + "/" + instanceId + ")";
    }
}
