/**
 * The transaction group: its states and allowed transitions, the validated model, the errors every
 * transport maps to status codes, and the transport-free {@code Coordinator} that gRPC and HTTP call.
 */
package io.lottor.server.group;
