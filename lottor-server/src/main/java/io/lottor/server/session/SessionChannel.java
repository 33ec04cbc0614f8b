package io.lottor.server.session;

import io.lottor.server.store.DueMessage;

/**
 * The transport under a {@link ClientSession}: what the server writes to one client instance, with no
 * transport type in sight (the gRPC session stream implements it). {@link ClientSession} serializes the
 * writes; a write that throws means the transport refused the frame, and the session is closed.
 */
public interface SessionChannel {

    /** Whether the transport takes a frame now without buffering it (gRPC {@code isReady()}). Thread-safe. */
    boolean ready();

    /** Writes the delivery of attempt {@code attempt} of {@code message}. */
    void deliver(DueMessage message, int attempt);

    /** Asks the producer whether group {@code groupId}'s local transaction committed. */
    void checkBack(String groupId);

    /** Tells the client the server is alive, at {@code sentAtMs}. */
    void heartbeat(long sentAtMs);
}
