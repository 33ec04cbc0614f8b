/**
 * The storage SPI: {@link io.lottor.server.store.Store} and the values it takes and answers. Backends
 * live in {@code store.jdbc}, one dialect class each, and all pass one contract test.
 */
package io.lottor.server.store;
