package io.lottor.server.delivery.direct;

import io.lottor.server.session.ClientSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open sessions of this node by the routes they consume, so the dispatcher finds a route's consumers
 * without looking at every session. Not thread-safe: owned by the dispatcher thread.
 */
final class Routes {
    private final Map<Route, List<ClientSession>> consumers = new HashMap<>();
    private final Map<ClientSession, List<Route>> bySession = new HashMap<>();

    /** Adds {@code session} as a consumer of its service's routes; answers them. */
    List<Route> add(ClientSession session) {
        List<Route> routes = routesOf(session);
        bySession.put(session, routes);
        routes.forEach(route -> consumers.computeIfAbsent(route, r -> new ArrayList<>()).add(session));
        return routes;
    }

    /** Removes {@code session}; answers the routes no session consumes any more. */
    List<Route> remove(ClientSession session) {
        bySession.remove(session);
        List<Route> orphaned = new ArrayList<>();
        for (Route route : routesOf(session)) {
            List<ClientSession> sessions = consumers.get(route);
            if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
                consumers.remove(route);
                orphaned.add(route);
            }
        }
        return orphaned;
    }

    boolean hasConsumers(Route route) {
        return consumers.containsKey(route);
    }

    /** The routes some session consumes. */
    Set<Route> live() {
        return consumers.keySet();
    }

    /**
     * The open session consuming {@code route} that can take a delivery now (under its
     * {@code max_in_flight}, its transport ready) with the fewest in flight, or null.
     */
    ClientSession leastLoaded(Route route) {
        ClientSession best = null;
        for (ClientSession session : consumers.getOrDefault(route, List.of())) {
            if ((best == null || session.inFlight() < best.inFlight()) && session.hasCapacity()) {
                best = session;
            }
        }
        return best;
    }

    /** The open sessions consuming {@code route}, in the order they opened. */
    List<ClientSession> consumersOf(Route route) {
        return consumers.getOrDefault(route, List.of());
    }

    /** The routes {@code session} consumes (none once it was removed). */
    List<Route> of(ClientSession session) {
        return bySession.getOrDefault(session, List.of());
    }

    static List<Route> routesOf(ClientSession session) {
        return session.methods().stream().map(method -> new Route(session.service(), method)).toList();
    }
}
