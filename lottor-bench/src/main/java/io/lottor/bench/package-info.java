/**
 * The load generator behind {@code ./lottor bench}: producer threads driving the Java client's low-level
 * API (begin → send → prepare → commit) and consumer client instances, over real sockets against an
 * in-process server or a given one. It ends by printing one line of figures.
 */
package io.lottor.bench;
