/** The gRPC transport of the coordinator: unary RPCs mapped to {@code Coordinator}, and client sessions. */
package io.lottor.server.api.grpc;
