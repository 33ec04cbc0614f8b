/** The servers sharing one database: each registers itself and heartbeats in {@code lottor_node}. */
package io.lottor.server.cluster;
