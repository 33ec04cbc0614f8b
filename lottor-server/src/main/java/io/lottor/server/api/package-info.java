/**
 * The transports: {@code api.grpc} and {@code api.http}, and what they share: the {@code InboundBudget} of
 * request bytes both may be reading at once.
 */
package io.lottor.server.api;
