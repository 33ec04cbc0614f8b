package io.lottor.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
    private final Tokens tokens = new Tokens("admin-secret", "client-secret");

    @Test
    void bearerTokensMapToTheirRole() {
        assertThat(tokens.roleOf("Bearer admin-secret")).isEqualTo(Role.ADMIN);
        assertThat(tokens.roleOf("bearer client-secret")).isEqualTo(Role.CLIENT);
        assertThat(tokens.roleOf("BEARER  admin-secret ")).isEqualTo(Role.ADMIN);
    }

    @Test
    void missingWrongOrOtherSchemeTokensAreAnonymous() {
        assertThat(tokens.roleOf(null)).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.roleOf("")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.roleOf("Bearer ")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.roleOf("Bearer admin-secre")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.roleOf("Bearer admin-secret2")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.roleOf("admin-secret")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.roleOf("Basic YWRtaW46YWRtaW4=")).isEqualTo(Role.ANONYMOUS);
    }

    @Test
    void securitySettingsNeverPrintTheirTokens() {
        Security security = Security.defaults().withAdminToken("admin-secret").withClientToken("client-secret");

        assertThat(security.toString()).doesNotContain("secret").contains("adminToken=***");
        assertThat(Security.defaults().toString()).contains("adminToken=generated", "clientToken=none");
    }

    @Test
    void withoutAClientTokenOnlyTheAdminTokenHasARole() {
        Tokens adminOnly = new Tokens("admin-secret", null);
        assertThat(adminOnly.clientTokenRequired()).isFalse();
        assertThat(adminOnly.roleOf("Bearer client-secret")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.clientTokenRequired()).isTrue();
    }
}
