package org.edtriage.ingest.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads MLLP blocks (0x0B message 0x1C 0x0D) from a connection. Bytes outside a block are returned
 * as {@link Frame#unframed()} so the caller can keep them (dead-letter) instead of silently
 * dropping them; a block larger than the limit is consumed to its end and returned truncated with
 * {@link Frame#oversized()} set, so one absurd message cannot exhaust memory or desynchronise the
 * stream. Reads in 64 KiB chunks and scans them for the delimiters (a 200 KB ECG message is one
 * bulk copy, not 200,000 single-byte reads).
 */
public final class MllpFrameReader {
    public static final int START = 0x0B;
    public static final int END = 0x1C;
    public static final int CR = 0x0D;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

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
        // everything before the start byte is outside a block
        ByteArrayOutputStream stray = null;
        while (true) {
            if (position == limit && !fill()) {
                return stray != null && !isBlank(stray.toByteArray()) ? strayFrame(stray) : null;
            }
            int start = indexOf(START, position, limit);
            int upTo = start < 0 ? limit : start;
            if (upTo > position) {
                if (stray == null) {
                    stray = new ByteArrayOutputStream();
                }
                if (stray.size() < maxBytes) {
                    stray.write(buffer, position, Math.min(upTo - position, maxBytes - stray.size()));
                }
            }
            position = upTo;
            if (start >= 0) {
                if (stray != null && !isBlank(stray.toByteArray())) {
                    return strayFrame(stray); // the block is read by the next call, the start byte is still ahead
                }
                position++; // past the start byte
                break;
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(256 * 1024);
        long length = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw new IOException("connection closed inside an MLLP block after " + length + " bytes");
            }
            int end = indexOf(END, position, limit);
            int upTo = end < 0 ? limit : end;
            length += append(message, position, upTo - position, length);
            position = upTo;
            if (end >= 0) {
                position++; // past 0x1C
                if (position == limit && !fill()) {
                    break; // 0x1C at the very end of the stream
                }
                if (buffer[position] == CR) {
                    position++;
                    break;
                }
                if (length < maxBytes) {
                    message.write(END); // a lone 0x1C inside the message: keep it
                }
                length++;
            }
        }
        byte[] payload = message.toByteArray();
        return new Frame(payload, false, length > maxBytes, length);
    }

    private Frame strayFrame(ByteArrayOutputStream stray) {
        byte[] bytes = stray.toByteArray();
        return new Frame(bytes, true, false, bytes.length);
    }

    private int append(ByteArrayOutputStream message, int from, int count, long lengthSoFar) {
        long room = maxBytes - lengthSoFar;
        if (room > 0) {
            message.write(buffer, from, (int) Math.min(count, room));
        }
        return count;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int indexOf(int b, int from, int to) {
        byte target = (byte) b;
        for (int i = from; i < to; i++) {
            if (buffer[i] == target) {
                return i;
            }
        }
        return -1;
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
