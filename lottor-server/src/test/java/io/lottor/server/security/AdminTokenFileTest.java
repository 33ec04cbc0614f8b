package io.lottor.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenFileTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void printsTheTokenOnlyWhenGeneratedAndLaterOnlyWhereItIsKept() throws Exception {
        AdminTokenFile file = new AdminTokenFile(dataDir);

        String first = file.resolve(null, out);
        String second = new AdminTokenFile(dataDir).resolve(null, out);

        assertThat(second).isEqualTo(first);
        Path stored = dataDir.toAbsolutePath().normalize().resolve("admin-token");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo("admin token (stored in " + stored + "): " + first + System.lineSeparator()
                        + "admin token: kept in " + stored + " (read it with: cat " + stored + ")" + System.lineSeparator());
        assertThat(Files.readString(stored).trim()).isEqualTo(first);
    }

    @Test
    void configuredTokenWinsAndNothingIsStoredOrPrinted() {
        assertThat(new AdminTokenFile(dataDir).resolve("configured", out)).isEqualTo("configured");

        assertThat(printed.size()).isZero();
        assertThat(Files.exists(dataDir.resolve("admin-token"))).isFalse();
    }

    @Test
    void anEmptyTokenFileIsReplacedByANewToken() throws Exception {
        Files.writeString(dataDir.resolve("admin-token"), "\n");

        String token = new AdminTokenFile(dataDir).resolve(null, out);

        assertThat(token).hasSize(43);
        assertThat(Files.readString(dataDir.resolve("admin-token")).trim()).isEqualTo(token);
    }
}
