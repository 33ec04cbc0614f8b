package io.lottor.spring.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/**
 * A fresh self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's
 * keytool and written as PEM files (certificate, PKCS#8 key) for a TLS server and a trusting client.
 *
 * @param certificate the certificate, PEM
 * @param privateKey  its private key, PEM (PKCS#8, unencrypted)
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {
    private static final char[] PASSWORD = "changeit".toCharArray();

    public static SelfSignedCertificate createIn(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "lottor", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD)).inheritIO().start();
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed with " + keytool.exitValue());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        Path certificate = write(dir.resolve("server.crt"), "CERTIFICATE", store.getCertificate("lottor").getEncoded());
        Path key = write(dir.resolve("server.key"), "PRIVATE KEY", store.getKey("lottor", PASSWORD).getEncoded());
        return new SelfSignedCertificate(certificate, key);
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.write(file, List.of("-----BEGIN " + type + "-----", base64, "-----END " + type + "-----"));
        return file;
    }
}
