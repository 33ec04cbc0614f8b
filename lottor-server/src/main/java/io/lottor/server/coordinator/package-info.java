/**
 * The one transport-free service every API calls: {@code Coordinator} for the producer's operations
 * (prepare, commit, rollback, reads), {@code SessionOperations} for what clients' sessions bring (a session
 * opened or closed, consumer results, check-back answers), and {@code AdminOperations} for the
 * operator's (listings, retry, bulk retry, resolve). Each validates, changes the store and answers only
 * once the change is durable.
 */
package io.lottor.server.coordinator;
