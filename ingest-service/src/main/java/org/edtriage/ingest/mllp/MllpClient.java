package org.edtriage.ingest.mllp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal MLLP sender, as an integration engine would be: send a block, wait for the ACK block. For tests and load generation. */
public final class MllpClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final MllpFrameReader reader;

    public MllpClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 256 * 1024);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        reader = new MllpFrameReader(in, 1 << 20);
    }

    /** Sends one message in an MLLP block and returns the ACK's text. */
    public String send(String message) throws IOException {
        return send(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    public String send(byte[] message) throws IOException {
        out.write(MllpFrameReader.START);
        out.write(message);
        out.write(MllpFrameReader.END);
        out.write(MllpFrameReader.CR);
        out.flush();
        MllpFrameReader.Frame ack = reader.next();
        if (ack == null) {
            throw new IOException("connection closed before the ACK");
        }
        return new String(ack.payload(), StandardCharsets.ISO_8859_1);
    }

    /** Writes bytes as they are, without framing (to test how stray bytes are handled). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** MSA-1 of an ACK: AA, AE or AR. */
    public static String ackCode(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                String[] f = segment.split("\\|", -1);
                return f.length > 1 ? f[1] : "";
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
