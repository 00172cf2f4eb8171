package org.edtriage.ecg.philips;

import java.util.Arrays;

/**
 * The LZW stage of XLI: fixed 10-bit codes read most significant bit first, a dictionary that starts with
 * the 256 byte values and grows by one entry per code up to entry 1022, never cleared. Code 1023 ends the
 * chunk, as the complete codes do when the chunk's bytes run out (the last few bits are padding).
 *
 * <p>Stricter than the reference decoder (sierra-ecg-tools), which takes any code it has no entry for as
 * the previous string plus its first byte: only the one code the encoder may send before defining it (the
 * entry about to be added) is accepted; any other is corrupt data.
 */
final class XliLzw {
    static final int CODE_BITS = 10;
    /** The highest dictionary entry; the one code above it ends the chunk. */
    static final int MAX_CODE = (1 << CODE_BITS) - 2;
    static final int END_CODE = MAX_CODE + 1;

    /** Why a chunk cannot be decoded; the caller names the document and lead. */
    static final class Corrupt extends Exception {
        final boolean tooLong;

        Corrupt(String message, boolean tooLong) {
            super(message, null, false, false);
            this.tooLong = tooLong;
        }
    }

    private XliLzw() {
    }

    /** The bytes {@code data[from, to)} decode to; refused when a code is out of the dictionary or the output passes {@code maxOutput}. */
    static byte[] decode(byte[] data, int from, int to, int maxOutput) throws Corrupt {
        int[] prefix = new int[MAX_CODE + 1];
        byte[] last = new byte[MAX_CODE + 1];
        byte[] first = new byte[MAX_CODE + 1];
        int[] length = new int[MAX_CODE + 1];
        for (int c = 0; c < 256; c++) {
            prefix[c] = -1;
            last[c] = (byte) c;
            first[c] = (byte) c;
            length[c] = 1;
        }
        int next = 256;
        int previous = -1;
        byte[] out = new byte[Math.min(maxOutput, Math.max(64, 4 * (to - from)))];
        int n = 0;
        long bitsLeft = 8L * (to - from);
        int at = from;
        int buffer = 0;
        int buffered = 0;
        while (bitsLeft >= CODE_BITS) {
            while (buffered < CODE_BITS) {
                buffer = (buffer << 8) | (data[at++] & 0xff);
                buffered += 8;
            }
            int code = (buffer >>> (buffered - CODE_BITS)) & END_CODE;
            buffered -= CODE_BITS;
            bitsLeft -= CODE_BITS;
            if (code == END_CODE) {
                break;
            }
            int written;
            byte head;
            if (code < next) {
                written = length[code];
                head = first[code];
            } else if (code == next && previous >= 0) {
                // the entry being defined: the previous string and its own first byte
                written = length[previous] + 1;
                head = first[previous];
            } else {
                throw new Corrupt("code " + code + " at bit " + (8L * (at - from) - buffered - CODE_BITS)
                        + " is not in the dictionary (next entry " + next + ")", false);
            }
            if (n + written > maxOutput) {
                throw new Corrupt("decodes to more than " + maxOutput + " bytes", true);
            }
            if (n + written > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(maxOutput, Math.max(n + written, 2L * out.length)));
            }
            int end = n + written;
            int c = code;
            if (code == next) {
                out[--end] = head;
                c = previous;
            }
            for (; c >= 0; c = prefix[c]) {
                out[--end] = last[c];
            }
            n += written;
            if (previous >= 0 && next <= MAX_CODE) {
                prefix[next] = previous;
                last[next] = head;
                first[next] = first[previous];
                length[next] = length[previous] + 1;
                next++;
            }
            previous = code;
        }
        return Arrays.copyOf(out, n);
    }
}
