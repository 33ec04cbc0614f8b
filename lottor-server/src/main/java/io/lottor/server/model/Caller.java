package io.lottor.server.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls the coordinator, as far as services go: a caller that may act for any service (the admin
 * token, a shared client token, an open server, the server itself), or one bound to a set of service
 * names (a client token given as {@code NAME=TOKEN:svc1,svc2}). Transports make it from the caller's
 * token and pass it to every coordinator call; the coordinator refuses, with
 * {@link PermissionDeniedException}, what a bound caller does for another service. Immutable.
 */
public final class Caller {
    /** May act for every service. */
    public static final Caller ANY_SERVICE = new Caller("any", null);
    /** May act for no service: a caller whose token matched none, or who passed no access check. */
    public static final Caller NO_SERVICE = new Caller("none", Set.of());

    private final String name;
    private final Set<String> services;

    private Caller(String name, Set<String> services) {
        this.name = name;
        this.services = services;
    }

    /** A caller named {@code name} (the client token's name) that may act only for {@code services}. */
    public static Caller boundTo(String name, Set<String> services) {
        return new Caller(name, Set.copyOf(services));
    }

    /** Whether this caller may act for {@code service}. */
    public boolean mayActFor(String service) {
        return services == null || services.contains(service);
    }

    /** Whether this caller may act for some services only. */
    public boolean isBound() {
        return services != null;
    }

    /**
     * Throws {@link PermissionDeniedException} naming {@code field} when this caller may not act for
     * {@code service}; {@code what} says what {@code service} is to the request, e.g. "source".
     */
    public void requireService(String field, String what, String service) {
        String refusal = refusal(field, what, service);
        if (refusal != null) {
            throw new PermissionDeniedException(field, refusal);
        }
    }

    /** Why this caller may not act for {@code service}, as {@link #requireService} words it; {@code null} if it may. */
    public String refusal(String field, String what, String service) {
        if (mayActFor(service)) {
            return null;
        }
        return field + ": " + what + " \"" + service + "\" is not among the services of client token \"" + name + "\" "
                + new TreeSet<>(services);
    }

    @Override
    public String toString() {
        return services == null ? "Caller[any service]" : "Caller[" + name + " " + new TreeSet<>(services) + "]";
    }
}
