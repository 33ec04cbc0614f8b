package io.lottor.server.security;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The generated admin token of a data directory, in {@code <data-dir>/admin-token} (mode 0600 where the
 * file system has POSIX permissions). Generated once (32 random bytes, base64url without padding) when
 * no admin token is configured and the file does not exist; reused on every later start.
 * The token is printed only when generated; later starts print the file's path instead.
 */
public final class AdminTokenFile {
    /** The file name of the generated token inside the data directory. */
    public static final String FILE_NAME = "admin-token";
    private static final int TOKEN_BYTES = 32;

    private final Path file;
    private final SecureRandom random = new SecureRandom();

    public AdminTokenFile(Path dataDir) {
        this.file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
    }

    /**
     * The effective admin token: {@code configured} when not {@code null} (nothing printed); else the
     * stored token, and {@code out} is told where it is kept ({@code admin token: kept in <path> (read it
     * with: cat <path>)}) but never the token again; else a new one, stored and printed once to
     * {@code out} as {@code admin token (stored in <path>): <token>}. So every start without a
     * configured token says where to find it, even after a first start that printed it and then failed.
     *
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public String resolve(String configured, PrintStream out) {
        if (configured != null) {
            return configured;
        }
        try {
            String stored = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
            if (!stored.isEmpty()) {
                print(out, "admin token: kept in " + file + " (read it with: cat " + file + ")");
                return stored;
            }
            String token = generate();
            write(token);
            print(out, "admin token (stored in " + file + "): " + token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void print(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }

    public Path path() {
        return file;
    }

    private String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void write(String token) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        createPrivate(temporary);
        Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void createPrivate(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("left over " + path + " could not be replaced", e);
        }
    }
}
