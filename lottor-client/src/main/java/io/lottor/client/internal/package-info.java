/**
 * Internals of the Lottor client: the session stream with heartbeats and reconnect, the delivery and
 * check-back executors, coordinator calls with retries, the producer's transaction sequence, and JDBC
 * helpers. Not API: public only so that {@code io.lottor.client} can use it.
 */
package io.lottor.client.internal;
