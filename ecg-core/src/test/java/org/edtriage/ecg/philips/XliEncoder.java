package org.edtriage.ecg.philips;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The inverse of the reader's XLI decoding, written for the tests from the format's description (not from
 * the decoder): second differences, split into high and low bytes, 10-bit LZW with an end code, framed
 * with the 8-byte chunk header.
 */
final class XliEncoder {
    private XliEncoder() {
    }

    /** One chunk: header (size, 1, seed) and the LZW of the lead's second differences. */
    static byte[] chunk(int[] samples) {
        int n = samples.length;
        int[] d = new int[n];
        int seed = 0;
        for (int t = 0; t < n; t++) {
            if (t < 2) {
                d[t] = samples[t];
                continue;
            }
            int e = 2 * samples[t - 1] - samples[t - 2] - samples[t];
            if (t == 2) {
                seed = e;
            } else {
                d[t - 1] = e + 64;
            }
        }
        if (n > 2) {
            d[n - 1] = 64; // never read by the decoder
        }
        byte[] split = new byte[2 * n];
        for (int t = 0; t < n; t++) {
            split[t] = (byte) (d[t] >> 8);
            split[n + t] = (byte) d[t];
        }
        byte[] lzw = lzw(split);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int size = lzw.length;
        out.write(size);
        out.write(size >> 8);
        out.write(size >> 16);
        out.write(size >> 24);
        out.write(1);
        out.write(0);
        out.write(seed);
        out.write(seed >> 8);
        out.writeBytes(lzw);
        return out.toByteArray();
    }

    /** 10-bit codes, most significant bit first, entries up to 1022, then code 1023 and zero padding. */
    static byte[] lzw(byte[] input) {
        Map<Long, Integer> dictionary = new HashMap<>();
        int next = 256;
        Bits bits = new Bits();
        if (input.length > 0) {
            int w = input[0] & 0xff;
            for (int k = 1; k < input.length; k++) {
                int c = input[k] & 0xff;
                Integer known = dictionary.get((long) w << 8 | c);
                if (known != null) {
                    w = known;
                } else {
                    bits.write(w);
                    if (next <= 1022) {
                        dictionary.put((long) w << 8 | c, next++);
                    }
                    w = c;
                }
            }
            bits.write(w);
        }
        bits.write(1023);
        return bits.bytes();
    }

    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int buffer;
        private int count;

        void write(int code) {
            buffer = buffer << 10 | code;
            count += 10;
            while (count >= 8) {
                out.write(buffer >> (count - 8));
                count -= 8;
            }
        }

        byte[] bytes() {
            if (count > 0) {
                out.write(buffer << (8 - count));
            }
            return out.toByteArray();
        }
    }
}
