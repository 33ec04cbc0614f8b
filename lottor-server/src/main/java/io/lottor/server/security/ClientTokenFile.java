package io.lottor.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of client tokens ({@code --client-token-file}): one {@code NAME=TOKEN:svc1,svc2} (or
 * {@code NAME=TOKEN:*}) a line; blank lines and lines starting with {@code #} are skipped. Read once at
 * start.
 */
public final class ClientTokenFile {
    private ClientTokenFile() {
    }

    /**
     * The tokens in {@code file}.
     *
     * @throws IllegalArgumentException naming the file (and line) when it cannot be read or a line is not
     *                                  {@code NAME=TOKEN:SERVICES}
     */
    public static List<ClientToken> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--client-token-file: cannot read " + file.toAbsolutePath() + ": " + e, e);
        }
        List<ClientToken> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            ClientToken token = ClientToken.parseNamed(line);
            if (token == null) {
                throw new IllegalArgumentException("--client-token-file: " + file.toAbsolutePath() + " line " + (i + 1)
                        + " is not NAME=TOKEN:service1,service2 (or NAME=TOKEN:* for any service)");
            }
            tokens.add(token);
        }
        return tokens;
    }
}
