package org.edtriage.ingest.mllp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MLLP over TLS with a real key pair made by the JDK's keytool, and a client that trusts only it. */
class MllpTlsTest {

    @Test
    void framesAndAcksTravelOverTls(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("mllp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mllp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor(60, TimeUnit.SECONDS) ? keytool.exitValue() : -1);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        byte[] ack = "MSH|^~\\&|TRIAGE\rMSA|AA|1\r".getBytes(StandardCharsets.US_ASCII);
        try (MllpServer server = new MllpServer("127.0.0.1", 0, 2, 1 << 20, serverTls.getServerSocketFactory(), (frame, peer) -> ack);
             SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0B);
            out.write("MSH|^~\\&|X\r".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[]{0x1C, 0x0D});
            out.flush();
            MllpFrameReader.Frame reply = new MllpFrameReader(socket.getInputStream(), 1 << 20).next();
            assertEquals(new String(ack, StandardCharsets.US_ASCII), new String(reply.payload(), StandardCharsets.US_ASCII));
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }
}
