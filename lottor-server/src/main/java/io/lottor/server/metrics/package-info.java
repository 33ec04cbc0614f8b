/**
 * The server's Micrometer metrics, exposed in Prometheus text format at {@code GET /metrics}. Core
 * packages report to small counter interfaces of their own; {@code ServerMetrics} implements them.
 */
package io.lottor.server.metrics;
