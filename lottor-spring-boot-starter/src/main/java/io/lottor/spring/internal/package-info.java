/**
 * The starter's machinery: the auto-configuration, the transaction synchronization that prepares a
 * group and inserts its barrier row before the local commit, the listener registry and invoker, metrics
 * and health. Not API: may change without notice.
 */
package io.lottor.spring.internal;
