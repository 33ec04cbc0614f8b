package io.lottor.server.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server certificate chain and its private key, read from PEM files: the certificate file holds one
 * or more {@code CERTIFICATE} blocks (the server's first), the key file one unencrypted PKCS#8
 * {@code PRIVATE KEY} block (RSA or EC). Both listeners use the same material.
 */
public final class TlsMaterial {
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";
    private static final char[] NO_PASSWORD = new char[0];

    private final KeyManager[] keyManagers;

    private TlsMaterial(KeyManager[] keyManagers) {
        this.keyManagers = keyManagers;
    }

    /**
     * Reads both files.
     *
     * @throws IllegalArgumentException naming the flag ({@code --tls-cert} or {@code --tls-key}) and the
     *                                  file, when one cannot be read or parsed
     */
    public static TlsMaterial load(Path certFile, Path keyFile) {
        List<Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("lottor", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return new TlsMaterial(factory.getKeyManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-key: " + keyFile + " does not fit the certificate in "
                    + certFile + ": " + e.getMessage(), e);
        }
    }

    /** Key managers for gRPC's TLS credentials. */
    public KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    /** A TLS server context for the HTTP listener. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS support in this JVM: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) {
        byte[] pem = read("--tls-cert", file);
        try {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            if (found.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert: " + file + " holds no PEM CERTIFICATE block");
            }
            return List.copyOf(found);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-cert: " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem = new String(read("--tls-key", file), StandardCharsets.US_ASCII);
        int begin = pem.indexOf(PKCS8_BEGIN);
        int end = pem.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("--tls-key: " + file + " holds no unencrypted PKCS#8 'PRIVATE KEY' block;"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--tls-key: " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private static byte[] read(String flag, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + ": cannot read " + file + ": " + e, e);
        }
    }
}
