package io.lottor.server.store;

/**
 * A target service and method with messages due for delivery (see {@link DeliveryStore#dueRoutes}).
 *
 * @param target the target service
 * @param method the method
 */
public record DueRoute(String target, String method) {
}
