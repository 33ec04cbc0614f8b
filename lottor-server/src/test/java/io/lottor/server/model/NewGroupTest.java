package io.lottor.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewGroupTest {
    private static final NewGroup GROUP = new NewGroup("g-1", "orders", "i-1", List.of(
            new NewMessage("m-1", "stock", "reserve", "{\"sku\":\"é-1\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json", Map.of("b", "2", "a", "1", "c", "ü")),
            new NewMessage("m-2", "mail", "send", new byte[] {0, 1, 2}, null, Map.of("k", "v")),
            new NewMessage("m-3", "ledger", "post", new byte[0], "text/plain", Map.of())),
            5000, Map.of("x", "y"));

    /**
     * The hash is stored with each group and compared with a retried Prepare's, also one a client retries
     * across a server upgrade: it must not change. The value is what the first release computed.
     */
    @Test
    void theContentHashIsTheOneStoredByEarlierReleases() {
        assertThat(GROUP.contentHash()).isEqualTo("fe73b50c907ad1819c6e5d5201e76057e8e7c01123afedfbe2086492e5210b5d");
    }

    @Test
    void theContentHashIgnoresTheOrderOfHeadersAndWhatARetryMayChange() {
        NewGroup retried = new NewGroup("g-1", "orders", "i-2", List.of(
                new NewMessage("m-1", "stock", "reserve", "{\"sku\":\"é-1\"}".getBytes(StandardCharsets.UTF_8),
                        "application/json", Map.of("c", "ü", "a", "1", "b", "2")),
                GROUP.messages().get(1), GROUP.messages().get(2)), 9000, Map.of(), "http://127.0.0.1:1/check");

        assertThat(retried.contentHash()).isEqualTo(GROUP.contentHash());
    }

    @Test
    void theSizeCountsTheUtf8BytesOfEveryStringAndThePayloads() {
        assertThat(GROUP.sizeBytes()).isEqualTo(121);
    }

    @Test
    void utf8LengthIsTheLengthOfTheEncodedBytesWithoutEncoding() {
        for (String value : List.of("", "ascii", "é", "€", "😀", "a😀b", "\uD83D", "\uDE00", "x\uD83Dy", "\uDE00\uD83D",
                "\uD83D\uD83D\uDE00", "ü€😀" + "\u0000")) {
            assertThat(NewGroup.utf8Length(value)).as("%s", value)
                    .isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(NewGroup.utf8Length(null)).isZero();
    }
}
