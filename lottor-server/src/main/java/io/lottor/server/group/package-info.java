/**
 * The transaction group: its states and allowed transitions, the validated model, the errors every
 * transport maps to status codes, and the transport-free {@code Coordinator} that gRPC and HTTP call,
 * with its operator side {@code AdminOperations} (listings, retry, bulk retry, resolve) and the
 * history of a group ({@code GroupEvent}).
 */
package io.lottor.server.group;
