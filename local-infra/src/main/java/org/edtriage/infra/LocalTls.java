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
 * A broker's TLS identity for a local secure stack, made at start with the JDK's keytool: a self-signed RSA key pair
 * for 127.0.0.1/localhost, valid two days, in a PKCS12 key store with a fresh random password, and its certificate as
 * PEM for clients' trust stores. Nothing of it is in the repository; the data directory holds it, owner-only.
 *
 * @param keyStore    the broker's key store (PKCS12)
 * @param password    the key store's password
 * @param certificate the certificate clients trust (PEM)
 */
public record LocalTls(Path keyStore, String password, Path certificate) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static LocalTls generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = secret();
        Path keyStore = dir.resolve("broker.p12"), certificate = dir.resolve("broker.pem");
        Files.deleteIfExists(keyStore);
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        SecretFiles.ownerOnly(keyStore);
        return new LocalTls(keyStore, password, certificate);
    }

    /** 128 random bits, hex: a password made for one run. */
    public static String secret() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            // the arguments hold the password: name the step, not the command line
            throw new IOException("keytool " + args[0] + " failed: " + out.strip());
        }
    }
}
