/**
 * The HTTP transport: health probes, {@code /metrics}, and the JSON API, each route one
 * {@code Coordinator} call (or, for the operator's endpoints in {@code OpsRoutes}, one store or session
 * read). {@code AccessControl} classifies every request by method and path ({@code RouteAccess}) and
 * checks its token before any route runs; {@code CorsRules} answers allowed cross-origin preflights.
 */
package io.lottor.server.api.http;
