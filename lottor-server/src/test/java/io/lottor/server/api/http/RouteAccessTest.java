package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteAccessTest {

    @Test
    void producerOperationsTakeTheClientToken() {
        assertThat(RouteAccess.of("POST", "/api/v1/groups")).isEqualTo(RouteAccess.PRODUCER);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/g-1/commit")).isEqualTo(RouteAccess.PRODUCER);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/g-1/rollback/")).isEqualTo(RouteAccess.PRODUCER);
        assertThat(RouteAccess.of("GET", "/api/v1/groups/g-1")).isEqualTo(RouteAccess.PRODUCER);
    }

    @Test
    void everyOtherApiRouteNeedsTheAdminToken() {
        assertThat(RouteAccess.of("GET", "/api/v1/groups")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/groups/")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/g-1/resolve")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/g-1/messages/m1/retry")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/messages")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("POST", "/api/v1/messages/retry")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/stats")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("DELETE", "/api/v1/groups/g-1")).isEqualTo(RouteAccess.ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v2/anything")).isEqualTo(RouteAccess.ADMIN);
    }

    @Test
    void whoamiTakesEitherTokenAndTheRestIsOpen() {
        assertThat(RouteAccess.of("GET", "/api/v1/whoami")).isEqualTo(RouteAccess.ANY_TOKEN);
        assertThat(RouteAccess.of("GET", "/api/v1/openapi.json")).isEqualTo(RouteAccess.OPEN);
        assertThat(RouteAccess.of("OPTIONS", "/api/v1/groups")).isEqualTo(RouteAccess.OPEN);
        assertThat(RouteAccess.of("GET", "/health/ready")).isEqualTo(RouteAccess.OPEN);
        assertThat(RouteAccess.of("GET", "/metrics")).isEqualTo(RouteAccess.OPEN);
        assertThat(RouteAccess.of("GET", "/admin/index.html")).isEqualTo(RouteAccess.OPEN);
        assertThat(RouteAccess.of("GET", "/")).isEqualTo(RouteAccess.OPEN);
    }
}
