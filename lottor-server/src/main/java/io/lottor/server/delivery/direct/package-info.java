/**
 * The {@code direct} delivery backend, the embedded default: committed messages are claimed in the store
 * (by lease, guarded by attempt; by key for the messages this server committed, by a claiming scan for
 * everything else, only for the free places of its own sessions) and pushed over the clients' gRPC
 * sessions by one dispatcher thread, bounded by each session's {@code max_in_flight} and its transport's
 * flow control. {@link io.lottor.server.session.ClusterSessions} keeps this server's sessions in
 * the store's session table, which every server sharing the database reads.
 */
package io.lottor.server.delivery.direct;
