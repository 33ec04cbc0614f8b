package io.lottor.server.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckBackUrlsTest {
    private final CheckBackUrls allowed = CheckBackUrls.of(List.of("http://orders.internal/lottor/*",
            "https://billing.internal:8443/check-back"));

    @Test
    void permitsUrlsUnderAPrefixOrEqualToAnExactEntryComparingSchemeAndHostCaseInsensitively() {
        assertThatCode(() -> allowed.require("http://orders.internal/lottor/check-back")).doesNotThrowAnyException();
        assertThatCode(() -> allowed.require("HTTP://Orders.Internal:80/lottor/cb?tenant=7")).doesNotThrowAnyException();
        assertThatCode(() -> allowed.require("https://billing.internal:8443/check-back")).doesNotThrowAnyException();
        assertThatCode(() -> allowed.require(null)).doesNotThrowAnyException();
        assertThatCode(() -> allowed.require("")).doesNotThrowAnyException();
    }

    @Test
    void refusesEveryOtherAddressNamingTheFieldAndTheAllowList() {
        for (String url : List.of("http://orders.internal.evil.com/lottor/cb", "http://orders.internal:8080/lottor/cb",
                "https://orders.internal/lottor/cb", "http://orders.internal/lottorx", "http://orders.internal/",
                "https://billing.internal:8443/check-back/more", "http://orders.internal@evil.com/lottor/cb")) {
            assertThatThrownBy(() -> allowed.require(url)).as(url).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("check_back_url");
        }
        assertThatThrownBy(() -> allowed.require("http://evil.com/lottor/cb"))
                .hasMessageContaining("--check-back-urls (http://orders.internal/lottor/*, https://billing.internal:8443/check-back)");
    }

    @Test
    void refusesUserInfoFragmentsDotSegmentsAndOtherSchemesWhateverTheList() {
        for (String url : List.of("http://user:pw@orders.internal/lottor/cb", "http://orders.internal/lottor/cb#x",
                "http://orders.internal/lottor/../admin", "http://orders.internal/lottor/%2E%2E/admin",
                "ftp://orders.internal/lottor/cb", "/lottor/cb", "http:///lottor/cb", "not a url")) {
            assertThatThrownBy(() -> allowed.require(url)).as(url).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("check_back_url");
        }
        assertThatThrownBy(() -> allowed.require("http://orders.internal/lottor/" + "x".repeat(2048)))
                .hasMessageContaining("over the limit of 2048");
    }

    @Test
    void withoutAnAllowListEveryUrlIsRefused() {
        assertThatThrownBy(() -> CheckBackUrls.NONE.require("http://orders.internal/lottor/cb"))
                .hasMessageContaining("--check-back-urls is not set");
    }

    @Test
    void aPatternMustPinSchemeHostAndPort() {
        assertThatThrownBy(() -> CheckBackUrls.of(List.of("http://orders.internal*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("right after a /");
        assertThatThrownBy(() -> CheckBackUrls.of(List.of("http://*.internal/lottor/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckBackUrls.of(List.of("orders.internal/lottor/*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http or https URL");
    }
}
