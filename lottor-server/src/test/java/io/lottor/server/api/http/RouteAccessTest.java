package io.lottor.server.api.http;

import static io.lottor.server.api.http.RouteAccess.ADMIN;
import static io.lottor.server.api.http.RouteAccess.ANY_TOKEN;
import static io.lottor.server.api.http.RouteAccess.OPEN;
import static io.lottor.server.api.http.RouteAccess.PRODUCER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteAccessTest {

    @Test
    void healthMetricsUiAndOpenApiAreOpen() {
        assertThat(RouteAccess.of("GET", "/health/live")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("GET", "/health/ready")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("GET", "/metrics")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("GET", "/")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("GET", "/admin/groups/g1")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("GET", "/webjars/chart.js/4.4.0/chart.umd.js")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("GET", "/api/v1/openapi.json")).isEqualTo(OPEN);
        assertThat(RouteAccess.of("OPTIONS", "/api/v1/stats")).isEqualTo(OPEN);
    }

    @Test
    void producerCallsAreTheFourGroupOperations() {
        assertThat(RouteAccess.of("POST", "/api/v1/groups")).isEqualTo(PRODUCER);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/order-17/commit")).isEqualTo(PRODUCER);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/order-17/rollback")).isEqualTo(PRODUCER);
        assertThat(RouteAccess.of("GET", "/api/v1/groups/order-17")).isEqualTo(PRODUCER);
        assertThat(RouteAccess.of("GET", "/api/v1/groups/order-17/")).isEqualTo(PRODUCER);
    }

    @Test
    void everyOtherApiCallIsAdmin() {
        assertThat(RouteAccess.of("GET", "/api/v1/groups")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/groups?state=DEAD")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/g1/resolve")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("POST", "/api/v1/groups/g1/messages/m1/retry")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("POST", "/api/v1/messages/retry")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/messages")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/stats")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("DELETE", "/api/v1/groups/g1")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v2/anything")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/whoami")).isEqualTo(ANY_TOKEN);
    }

    @Test
    void otherSpellingsOfAnApiPathAreStillApi() {
        assertThat(RouteAccess.of("GET", "//api/v1/stats")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/API/v1/stats")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/%61pi/v1/stats")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api/v1/groups/a%2Fb")).isEqualTo(ADMIN);
        assertThat(RouteAccess.of("GET", "/api")).isEqualTo(ADMIN);
    }
}
