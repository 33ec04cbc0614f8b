/**
 * The gRPC transport of the coordinator: unary RPCs mapped to {@code Coordinator}, and client sessions.
 * {@code ClientTokenInterceptor} refuses calls without the client token when one is configured.
 */
package io.lottor.server.api.grpc;
