package io.lottor.server.delivery.direct;

import io.lottor.protocol.v1.ServerFrame;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One client instance's open Session: who it is, what it consumes, and the serialized way to send it
 * frames, honouring the transport's flow control: a session whose transport is not ready (the client
 * stopped reading) has no capacity for deliveries and is sent no other frame, so the server never
 * buffers more for it than its {@code max_in_flight} deliveries. {@link #send} is thread-safe;
 * {@code inFlight} is owned by the dispatcher thread.
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
    private final Consumer<ServerFrame> sender;
    private final BooleanSupplier transportReady;
    private volatile long lastSeenAt;
    private volatile boolean open = true;
    private volatile int inFlight;

    /**
     * @param sender         writes a frame to the transport (calls are serialized)
     * @param transportReady whether the transport takes a frame now without buffering it (gRPC
     *                       {@code isReady()}); thread-safe
     */
    public ClientSession(String sessionId, String service, String instanceId, Set<String> methods,
                         boolean answersCheckBack, int maxInFlight, String remoteAddress, long now,
                         Consumer<ServerFrame> sender, BooleanSupplier transportReady) {
        this.sessionId = sessionId;
        this.service = service;
        this.instanceId = instanceId;
        this.methods = Set.copyOf(methods);
        this.answersCheckBack = answersCheckBack;
        this.maxInFlight = maxInFlight;
        this.remoteAddress = remoteAddress;
        this.connectedAt = now;
        this.lastSeenAt = now;
        this.sender = sender;
        this.transportReady = transportReady;
    }

    /**
     * Sends a frame that may be dropped (a heartbeat, a check-back: both are sent again later); frames
     * from several threads are serialized. Answers false, sending nothing, once the session is closed,
     * while its transport is not ready, or if the transport refused the frame.
     */
    public boolean send(ServerFrame frame) {
        return transportReady.getAsBoolean() && sendDelivery(frame);
    }

    /**
     * Sends a delivery whose claim is durable, even if the transport is not ready (it was when the
     * delivery was claimed, and deliveries are bounded by {@code max_in_flight}). Answers false, sending
     * nothing, once the session is closed or if the transport refused the frame.
     */
    synchronized boolean sendDelivery(ServerFrame frame) {
        if (!open) {
            return false;
        }
        try {
            sender.accept(frame);
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
    boolean hasCapacity() {
        return open && inFlight < maxInFlight && transportReady.getAsBoolean();
    }

    /** How many more deliveries it takes now: none unless it {@linkplain #hasCapacity() has capacity}. */
    int freePlaces() {
        return hasCapacity() ? maxInFlight - inFlight : 0;
    }

    void addInFlight(int delta) {
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
