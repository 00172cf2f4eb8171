package org.edtriage.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS identity of a local secure stack — its Kafka broker's and every HTTPS port's — made at start with the JDK's
 * keytool: a self-signed RSA key pair for 127.0.0.1/localhost, valid two days, in a PKCS12 key store with a fresh
 * random password, and its certificate as PEM for clients' trust stores. Nothing of it is in the repository; the data
 * directory holds it, the key files owner-only.
 *
 * @param keyStore    the key store (PKCS12; the broker reads it)
 * @param password    the key store's password
 * @param certificate the certificate clients trust (PEM)
 * @param privateKey  the same key as PEM (PKCS#8, owner-only), for the HTTP servers that read PEM files (Quarkus)
 * @param registryWriter  the client identity that may change the schema registry (PKCS12, owner-only, the same
 *                        password): its own key pair, CN=triage-schema-writer, held by the stack's provisioning alone
 * @param registryWriters the registry's trust store for client certificates: the writer's certificate only (PKCS12)
 * @param registryWritersPassword that trust store's own password (the registry is given it, never the one above)
 */
public record LocalTls(Path keyStore, String password, Path certificate, Path privateKey, Path registryWriter, Path registryWriters,
                       String registryWritersPassword) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static LocalTls generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        // owner-only before any key is written into it: keytool creates its files with the default permissions
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String password = secret();
        Path keyStore = dir.resolve("local.p12"), certificate = dir.resolve("local.pem");
        Files.deleteIfExists(keyStore);
        keytool(password, "-genkeypair", "-alias", "local", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-keystore", keyStore.toString(), "-storetype", "PKCS12");
        keytool(password, "-exportcert", "-rfc", "-alias", "local", "-keystore", keyStore.toString(), "-file", certificate.toString());
        SecretFiles.ownerOnly(keyStore);
        Path privateKey = dir.resolve("local.key");
        try (var in = Files.newInputStream(keyStore)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            byte[] pkcs8 = store.getKey("local", password.toCharArray()).getEncoded();
            SecretFiles.write(privateKey, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("reading the key just made: " + e.getMessage(), e);
        }
        Path writer = dir.resolve("registry-writer.p12"), writerCertificate = dir.resolve("registry-writer.pem"), writers = dir.resolve("registry-writers.p12");
        Files.deleteIfExists(writer);
        Files.deleteIfExists(writers);
        keytool(password, "-genkeypair", "-alias", "writer", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=triage-schema-writer",
                "-keystore", writer.toString(), "-storetype", "PKCS12");
        SecretFiles.ownerOnly(writer);
        keytool(password, "-exportcert", "-rfc", "-alias", "writer", "-keystore", writer.toString(), "-file", writerCertificate.toString());
        String writersPassword = secret();
        keytool(writersPassword, "-importcert", "-noprompt", "-alias", "writer", "-file", writerCertificate.toString(), "-keystore", writers.toString(),
                "-storetype", "PKCS12");
        SecretFiles.ownerOnly(writers);
        return new LocalTls(keyStore, password, certificate, privateKey, writer, writers, writersPassword);
    }

    /**
     * What makes the schema registry (Apicurio) refuse every change — new schema versions, compatibility settings,
     * deletions — from a client without the {@link #registryWriter()} certificate, while reads and schema lookups stay
     * open to any client over TLS: its authentication on, by mutual TLS against {@link #registryWriters()} (OIDC off).
     * The trust store's own password ({@link #registryWritersPassword()}) is not among them: it goes to the registry's
     * environment ({@link #REGISTRY_TRUST_PASSWORD}), never onto a command line.
     */
    public java.util.Map<String, String> registryWriteAuthenticationProperties() {
        return java.util.Map.of("quarkus.http.ssl.certificate.trust-store-file", registryWriters.toString(),
                "quarkus.http.ssl.certificate.trust-store-file-type", "PKCS12",
                "registry.auth.enabled", "true",
                "quarkus.oidc.tenant-enabled", "false",
                "registry.auth.anonymous-read-access.enabled", "true");
    }

    /** The environment variable Quarkus reads the registry's client trust store password from. */
    public static final String REGISTRY_TRUST_PASSWORD = "QUARKUS_HTTP_SSL_CERTIFICATE_TRUST_STORE_PASSWORD";

    /**
     * The system properties that put a Quarkus HTTP server (our services, the Apicurio registry) behind this certificate
     * on the given port, with plain HTTP off; the key is read from its owner-only PEM file, so no password is passed.
     */
    public java.util.Map<String, String> quarkusHttpsProperties(int port) {
        return java.util.Map.of("quarkus.http.ssl.certificate.files", certificate.toString(),
                "quarkus.http.ssl.certificate.key-files", privateKey.toString(),
                "quarkus.http.ssl-port", Integer.toString(port),
                "quarkus.http.insecure-requests", "disabled");
    }

    /** 128 random bits, hex: a password made for one run. */
    public static String secret() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The environment variable that hands keytool the store password ({@code -storepass:env}), so no command line shows it. */
    private static final String KEYTOOL_PASSWORD = "TRIAGE_KEYTOOL_PASSWORD";

    private static void keytool(String password, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", KEYTOOL_PASSWORD));
        if ("-genkeypair".equals(args[0])) {
            command.addAll(List.of("-keypass:env", KEYTOOL_PASSWORD));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(KEYTOOL_PASSWORD, password);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + out.strip());
        }
    }
}
