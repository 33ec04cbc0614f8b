/**
 * The delivery SPI ({@link io.lottor.server.delivery.Delivery}); {@code delivery.direct} pushes messages
 * over client sessions, with no broker.
 */
package io.lottor.server.delivery;
