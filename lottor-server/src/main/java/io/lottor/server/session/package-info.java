/**
 * The live client sessions: {@code ClientSession} (one client instance's open session, written to through
 * a transport-free {@code SessionChannel}), {@code SessionRegistry} (this node's open sessions) and
 * {@code ClusterSessions} (the sessions of every server sharing the store, kept in its session table).
 * Delivery, recovery, metrics and the HTTP API share them.
 */
package io.lottor.server.session;
