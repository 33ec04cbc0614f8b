package io.lottor.client.internal;

import java.time.Duration;

/**
 * Who prepares groups: the fields every PrepareRequest of one client carries.
 *
 * @param service the producing service
 * @param instanceId this instance
 * @param checkAfter when the coordinator first asks about a group left PREPARED; zero means its default
 */
public record GroupSource(String service, String instanceId, Duration checkAfter) {
}
