package org.edtriage.schemas;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * A TLS client context that trusts exactly the certificates of one PEM file (a site's CA, or the local secure stack's
 * certificate made at start) — for the HTTP clients of the platform's own services (the schema registry, the
 * services' APIs), without touching the JVM-wide trust store other clients rely on.
 */
public final class TrustedCertificate {
    private TrustedCertificate() {
    }

    public static SSLContext sslContext(Path pem) {
        return sslContext(pem, null, null);
    }

    /**
     * As {@link #sslContext(Path)}, presenting the key and certificate of {@code identity} (a PKCS12 key store with one key
     * entry) when the server asks for a client certificate — mutual TLS, e.g. the schema registry's writers.
     */
    public static SSLContext sslContext(Path pem, Path identity, String password) {
        if (identity != null && password == null) {
            throw new IllegalArgumentException("the client identity " + identity + " needs its key store's password");
        }
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("trusted-" + n++, c);
            }
            if (n == 0) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            javax.net.ssl.KeyManager[] keys = null;
            if (identity != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                try (InputStream id = Files.newInputStream(identity)) {
                    own.load(id, password.toCharArray());
                }
                javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, password.toCharArray());
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the certificates of " + pem + (identity == null ? "" : " or present " + identity)
                    + ": " + e.getMessage(), e);
        }
    }
}
