/**
 * The servers sharing one database: each registers itself and heartbeats in {@code lottor_node}, with its
 * sessions' rows; {@link io.lottor.server.cluster.NodeLiveness} says when a silent server counts as dead.
 */
package io.lottor.server.cluster;
