/** The HTTP transport: health probes and the JSON API, each route one {@code Coordinator} call. */
package io.lottor.server.api.http;
