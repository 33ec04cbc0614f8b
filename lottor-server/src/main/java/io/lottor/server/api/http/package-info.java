/**
 * The HTTP transport: health probes and the JSON API under {@code /api/v1}, each route one call of the
 * transport-free {@code Coordinator} (producer operations, {@code ProducerRoutes}) or
 * {@code AdminOperations} (listings, retry, resolve, {@code AdminRoutes}); the OpenAPI 3.0 document of
 * every endpoint is the classpath resource {@code api/openapi.json}. {@link io.lottor.server.api.http.RouteAccess}
 * tells which token a request needs; {@code AccessControl} checks it before any route runs, and
 * {@code CorsRules} answers allowed cross-origin preflights. {@code OpsRoutes} serve stats, sessions,
 * nodes, whoami and {@code /metrics}; {@code AdminUi} serves the admin UI's static files at {@code /}.
 *
 * <p>Choices where the contract is silent: a query parameter given empty is absent; list parameters
 * ({@code state}) may be comma-separated or repeated; times are ISO-8601 with an offset or epoch
 * milliseconds; a string {@code payload} with a non-JSON {@code content_type} is stored as bare text;
 * unknown body fields are ignored; an unknown {@code /api} path is 404 {@code NOT_FOUND}.
 */
package io.lottor.server.api.http;
