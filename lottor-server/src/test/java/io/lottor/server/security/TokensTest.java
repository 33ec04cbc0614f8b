package io.lottor.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.Caller;
import java.util.List;
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
        assertThat(Security.defaults().toString()).contains("adminToken=generated", "clientTokens=none");
    }

    @Test
    void withoutAClientTokenOnlyTheAdminTokenHasARole() {
        Tokens adminOnly = new Tokens("admin-secret", List.of());
        assertThat(adminOnly.clientTokenRequired()).isFalse();
        assertThat(adminOnly.roleOf("Bearer client-secret")).isEqualTo(Role.ANONYMOUS);
        assertThat(tokens.clientTokenRequired()).isTrue();
    }

    @Test
    void eachClientTokenActsForItsOwnServicesAndTheAdminTokenForAll() {
        Tokens bound = new Tokens("admin-secret", List.of(ClientToken.parse("orders=orders-secret:orders,billing"),
                ClientToken.parse("ops=ops-secret:*"), ClientToken.parse("shared-secret")));

        assertThat(bound.roleOf("Bearer orders-secret")).isEqualTo(Role.CLIENT);
        Caller orders = bound.callerOf("Bearer orders-secret");
        assertThat(orders.mayActFor("orders")).isTrue();
        assertThat(orders.mayActFor("billing")).isTrue();
        assertThat(orders.mayActFor("user")).isFalse();
        assertThat(bound.callerOf("Bearer ops-secret").mayActFor("user")).isTrue();
        assertThat(bound.callerOf("Bearer shared-secret").mayActFor("user")).isTrue();
        assertThat(bound.callerOf("Bearer admin-secret").mayActFor("user")).isTrue();
        assertThat(bound.callerOf("Bearer wrong").mayActFor("orders")).isFalse();
        assertThat(bound.callerOf(null).mayActFor("orders")).isFalse();
        assertThat(new Tokens("admin-secret", List.of()).callerOf(null).mayActFor("orders")).isTrue();
    }

    @Test
    void aClientTokenSpecIsNameTokenAndServicesOrElseASharedToken() {
        assertThat(ClientToken.parse("orders=s3cr:et:orders,billing"))
                .isEqualTo(new ClientToken("orders", "s3cr:et", java.util.Set.of("orders", "billing")));
        assertThat(ClientToken.parse("ops=tok:*")).isEqualTo(new ClientToken("ops", "tok", null));
        assertThat(ClientToken.parse("dGhpcyBpcw==")).isEqualTo(ClientToken.shared("dGhpcyBpcw=="));
        assertThat(ClientToken.parse("orders=tok:orders").toString()).doesNotContain("tok:").contains("orders");
    }
}
