package org.edtriage.ingest.mllp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MLLP over TLS with real key pairs made by the JDK's keytool: server authentication, and client certificates. */
class MllpTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final byte[] ACK = "MSH|^~\\&|TRIAGE\rMSA|AA|1\r".getBytes(StandardCharsets.US_ASCII);

    @Test
    void framesAndAcksTravelOverTls(@TempDir Path dir) throws Exception {
        KeyStore server = keyPair(dir, "server", "CN=127.0.0.1");
        SSLContext serverTls = tls(server, null);
        SSLContext clientTls = tls(null, server);
        try (MllpServer mllp = new MllpServer("127.0.0.1", 0, 2, 1 << 20, serverTls.getServerSocketFactory(), (frame, peer) -> ACK);
             SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("127.0.0.1", mllp.port())) {
            assertEquals(new String(ACK, StandardCharsets.US_ASCII), exchange(socket));
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @Test
    void theHandlerLearnsWhoseCertificateTheClientPresentedAndNoCertificateMeansNoConnection(@TempDir Path dir) throws Exception {
        KeyStore server = keyPair(dir, "server", "CN=127.0.0.1");
        KeyStore cart = keyPair(dir, "cart", "CN=cart-gateway,O=Test Hospital");
        KeyStore stranger = keyPair(dir, "stranger", "CN=someone,O=Elsewhere");
        // the server trusts the cart's certificate only (in production: the hospital's CA)
        SSLContext serverTls = tls(server, cart);
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        MllpServer.FrameHandler handler = new MllpServer.FrameHandler() {
            @Override
            public byte[] handle(MllpFrameReader.Frame frame, Peer peer) {
                seen.add("frame from " + peer.certificate());
                return ACK;
            }

            @Override
            public void handshakeFailed(Peer peer, String reason) {
                seen.add("handshake failed");
            }
        };
        try (MllpServer mllp = new MllpServer("127.0.0.1", 0, 2, 1 << 20,
                TlsServerSockets.of(serverTls, TlsServerSockets.ClientAuth.NEED), handler)) {
            try (SSLSocket socket = (SSLSocket) tls(cart, server).getSocketFactory().createSocket("127.0.0.1", mllp.port())) {
                assertEquals(new String(ACK, StandardCharsets.US_ASCII), exchange(socket));
            }
            String first = seen.poll(20, TimeUnit.SECONDS);
            assertNotNull(first);
            assertEquals("frame from " + new X500Principal("CN=cart-gateway, O=Test Hospital"), first);

            for (KeyStore client : new KeyStore[]{null, stranger}) {
                try (SSLSocket socket = (SSLSocket) tls(client, server).getSocketFactory().createSocket("127.0.0.1", mllp.port())) {
                    String reply;
                    try {
                        reply = exchange(socket);
                    } catch (IOException refused) {
                        reply = null; // TLS 1.3: the client learns of the refusal when it reads
                    }
                    assertEquals(null, reply, "no ACK without an accepted certificate");
                }
                assertEquals("handshake failed", seen.poll(20, TimeUnit.SECONDS), client == null ? "no certificate" : "an untrusted certificate");
            }
            assertTrue(seen.isEmpty(), "no frame reached the handler: " + seen);
        }
    }

    /** Sends one frame; the reply's text, or null when the server closed the connection instead. */
    private static String exchange(SSLSocket socket) throws IOException {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(0x0B);
        out.write("MSH|^~\\&|X\r".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[]{0x1C, 0x0D});
        out.flush();
        MllpFrameReader.Frame reply = new MllpFrameReader(socket.getInputStream(), 1 << 20).next();
        return reply == null ? null : new String(reply.payload(), StandardCharsets.US_ASCII);
    }

    private static KeyStore keyPair(Path dir, String name, String subject) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(60, TimeUnit.SECONDS) ? keytool.exitValue() : -1, output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    /** A TLS context presenting {@code own}'s key (if any) and trusting {@code trusted}'s certificate (if any). */
    private static SSLContext tls(KeyStore own, KeyStore trusted) throws Exception {
        KeyManagerFactory keys = null;
        if (own != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, PASSWORD);
        }
        TrustManagerFactory trust = null;
        if (trusted != null) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return tls;
    }
}
