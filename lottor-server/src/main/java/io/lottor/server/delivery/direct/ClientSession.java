package io.lottor.server.delivery.direct;

import io.lottor.protocol.v1.ServerFrame;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One client instance's open Session: who it is, what it consumes, and the serialized way to send it
 * frames. {@link #send} is thread-safe; {@code inFlight} is owned by the dispatcher thread.
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
    private volatile long lastSeenAt;
    private volatile boolean open = true;
    private volatile int inFlight;

    public ClientSession(String sessionId, String service, String instanceId, Set<String> methods,
                         boolean answersCheckBack, int maxInFlight, String remoteAddress, long now,
                         Consumer<ServerFrame> sender) {
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
    }

    /**
     * Sends a frame; frames from several threads are serialized. Answers false, sending nothing, once
     * the session is closed or if the transport refused the frame.
     */
    public synchronized boolean send(ServerFrame frame) {
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

    boolean hasCapacity() {
        return open && inFlight < maxInFlight;
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
