package io.lottor.server.store;

import java.util.List;

/**
 * A claim of due messages of one route for the free places of consumer sessions on one server (see
 * {@link Store#claimDueMessages}).
 *
 * @param target      the target service
 * @param method      the method
 * @param owner       the claiming server's id
 * @param deliveredTo one consumer instance per free place: the i-th message claimed goes to the i-th
 * @param leaseUntil  until when the claims hold (the ack timeout); after it, anyone may expire them
 * @param maxBytes    stop claiming once the payloads claimed add up to this (at least one is claimed)
 */
public record DueClaim(String target, String method, String owner, List<String> deliveredTo, long leaseUntil,
                       long maxBytes) {

    public DueClaim {
        deliveredTo = List.copyOf(deliveredTo);
    }

    /** How many messages the claim takes at most. */
    public int places() {
        return deliveredTo.size();
    }
}
