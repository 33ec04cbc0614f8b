/**
 * Work that keeps groups moving when something was lost: check-backs of groups left PREPARED, the
 * retry schedule of failed deliveries, and the purge of finished groups.
 */
package io.lottor.server.recovery;
