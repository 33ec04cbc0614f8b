/**
 * The Lottor server: {@link io.lottor.server.LottorServer} wires the store, delivery, recovery and the
 * gRPC and HTTP transports from a {@link io.lottor.server.ServerConfig}.
 */
package io.lottor.server;
