package io.lottor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.security.Security;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The warnings a server logs at start about how it is exposed. */
class ExposureWarningsTest {
    private static final Security TOKEN_AND_TLS = Security.defaults().withClientToken("client-secret")
            .withTls(Path.of("cert.pem"), Path.of("key.pem"));

    @Test
    void warnsWhenItListensBeyondLoopbackWithoutAClientToken() {
        assertThat(ExposureWarnings.of("0.0.0.0", Security.defaults().withTls(Path.of("c.pem"), Path.of("k.pem"))))
                .singleElement().asString().contains("0.0.0.0", "no client token", "--client-token");
    }

    @Test
    void warnsWhenItListensBeyondLoopbackWithoutTls() {
        assertThat(ExposureWarnings.of("192.0.2.10", Security.defaults().withClientToken("client-secret")))
                .singleElement().asString().contains("192.0.2.10", "without TLS", "--tls-cert");
        assertThat(ExposureWarnings.of("::", Security.defaults())).hasSize(2);
    }

    @Test
    void saysNothingOnLoopbackOrWithBothTokenAndTls() {
        assertThat(ExposureWarnings.of("127.0.0.1", Security.defaults())).isEmpty();
        assertThat(ExposureWarnings.of("localhost", Security.defaults())).isEmpty();
        assertThat(ExposureWarnings.of("::1", Security.defaults())).isEmpty();
        assertThat(ExposureWarnings.of("0.0.0.0", TOKEN_AND_TLS)).isEmpty();
    }
}
