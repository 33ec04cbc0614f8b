/**
 * The {@code direct} delivery backend, the embedded default: committed messages are pushed over the
 * clients' gRPC sessions by one dispatcher thread, bounded by each session's {@code max_in_flight}.
 */
package io.lottor.server.delivery.direct;
