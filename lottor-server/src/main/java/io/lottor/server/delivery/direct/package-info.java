/**
 * The {@code direct} delivery backend, the embedded default: committed messages are claimed in the store
 * (by lease, guarded by attempt) and pushed over the clients' gRPC sessions by one dispatcher thread,
 * bounded by each session's {@code max_in_flight} and its transport's flow control.
 */
package io.lottor.server.delivery.direct;
