/**
 * Delivery through a broker (DESIGN §5): due messages are claimed in the store, published with a
 * {@link io.lottor.server.delivery.broker.Publisher} and count IN_FLIGHT once the broker confirmed them;
 * the consumers report results with ReportConsumption; retries, ack timeout and DEAD stay the server's.
 */
package io.lottor.server.delivery.broker;
