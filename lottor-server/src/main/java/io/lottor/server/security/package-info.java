/**
 * Who may call the server: the admin and client tokens (checked in constant time), the generated admin
 * token file, and the TLS key material both listeners share. The transports enforce it:
 * {@code api.http.AccessControl} and {@code api.grpc.ClientTokenInterceptor}.
 */
package io.lottor.server.security;
