/**
 * {@code ./lottor demo}: a Lottor server on a fresh embedded store, the sample user-service and
 * auth-service in the same JVM, and the seed's three scenarios, told from what the server and the two
 * databases really hold.
 */
package io.lottor.samples.demo;
