package org.edtriage.ingest.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads MLLP blocks (0x0B message 0x1C 0x0D) from a connection. Bytes outside a block are returned
 * as {@link Frame#unframed()} so the caller can keep them (dead-letter) instead of silently
 * dropping them; a block larger than the limit is consumed to its end and returned truncated with
 * {@link Frame#oversized()} set, so one absurd message cannot exhaust memory or desynchronise the
 * stream.
 */
public final class MllpFrameReader {
    public static final int START = 0x0B;
    public static final int END = 0x1C;
    public static final int CR = 0x0D;

    private final InputStream in;
    private final int maxBytes;
    private final ByteArrayOutputStream outside = new ByteArrayOutputStream();
    /** A start byte ended a run of stray bytes: the next call reads the block that follows it. */
    private boolean pendingStart;

    public MllpFrameReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * @param payload  the message bytes (truncated to the limit when oversized), or the stray bytes when unframed
     * @param unframed the bytes arrived outside any MLLP block
     */
    public record Frame(byte[] payload, boolean unframed, boolean oversized, long fullLength) {
    }

    /** The next frame, or null at the end of the stream. */
    public Frame next() throws IOException {
        if (!pendingStart) {
            int b;
            // everything before the start byte is outside a block
            while ((b = in.read()) != -1 && b != START) {
                if (outside.size() < maxBytes) {
                    outside.write(b);
                }
            }
            boolean sawStart = b == START;
            if (outside.size() > 0) {
                byte[] stray = outside.toByteArray();
                outside.reset();
                if (!isBlank(stray)) {
                    pendingStart = sawStart; // the block that follows is read by the next call
                    return new Frame(stray, true, false, stray.length);
                }
            }
            if (!sawStart) {
                return null;
            }
        }
        pendingStart = false;
        int b;
        ByteArrayOutputStream message = new ByteArrayOutputStream(64 * 1024);
        long length = 0;
        while (true) {
            b = in.read();
            if (b == -1) {
                throw new IOException("connection closed inside an MLLP block after " + length + " bytes");
            }
            if (b == END) {
                int next = in.read();
                if (next == CR || next == -1) {
                    break;
                }
                // a lone 0x1C inside the message: keep it and go on
                append(message, END, length++);
                b = next;
            }
            append(message, b, length++);
        }
        return new Frame(message.toByteArray(), false, length > maxBytes, length);
    }

    private void append(ByteArrayOutputStream message, int b, long index) {
        if (index < maxBytes) {
            message.write(b);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) {
            if (x != '\r' && x != '\n' && x != ' ' && x != '\t') {
                return false;
            }
        }
        return true;
    }
}
