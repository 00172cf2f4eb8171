package org.edtriage.ecg.philips;

import java.util.List;

/**
 * XLI, Philips' waveform compression: the decoded base64 is one chunk per channel, in lead order, each an
 * 8-byte header — compressed size (4 bytes, little-endian), 2 bytes we do not use (1 in every chunk of the
 * real 1.04.01 export), a 16-bit little-endian seed for the delta decoding — then that many bytes of
 * 10-bit LZW ({@link XliLzw}).
 *
 * <p>The LZW output of a chunk of n samples is 2n bytes: the n high bytes, then the n low bytes, of 16-bit
 * signed values d. Those are second differences: s[0] = d[0], s[1] = d[1], and for t ≥ 2
 * s[t] = 2·s[t−1] − s[t−2] − e[t], where e[2] is the header's seed and e[t] = d[t−1] − 64 after it (so the
 * last d is unused). This is the decoding of sierra-ecg-tools, checked here on a real export: each lead
 * decodes to exactly durationperchannel × rate samples, of ECG-shaped values within a few mV.
 *
 * <p>What is refused, as "xli": a header cut short, a size beyond the data, a code out of the dictionary,
 * fewer chunks than leads, a sample leaving the 16-bit range (the device wrote 16-bit samples, so only
 * corrupt data gets there); as "sample count": a chunk decoding to any other number of bytes than 2n.
 * Chunks after the last labelled lead (the real export carries 4 more than its 12 labels, holding only
 * the calibration pulse) are checked for framing but not decoded.
 */
final class Xli {
    private static final int HEADER_BYTES = 8;
    private static final int SECOND_DIFFERENCE_BIAS = 64;

    private Xli() {
    }

    /** One int[] of {@code samples} values per label, in the chunks' order. */
    static int[][] decode(byte[] data, List<String> labels, int samples, String document) {
        int[][] leads = new int[labels.size()][];
        int at = 0;
        int chunk = 0;
        while (at < data.length) {
            if (data.length - at < HEADER_BYTES) {
                throw new PhilipsFormatException(document, "xli", "chunk " + chunk + " at byte " + at + ": the header needs "
                        + HEADER_BYTES + " bytes, " + (data.length - at) + " remain");
            }
            int size = littleEndianInt(data, at);
            int start = (short) ((data[at + 6] & 0xff) | (data[at + 7] & 0xff) << 8);
            int from = at + HEADER_BYTES;
            if (size < 0 || size > data.length - from) {
                throw new PhilipsFormatException(document, "xli", "chunk " + chunk + " at byte " + at + " declares "
                        + Integer.toUnsignedString(size) + " compressed bytes, " + (data.length - from) + " remain");
            }
            if (chunk < leads.length) {
                leads[chunk] = samples(data, from, from + size, start, samples, labels.get(chunk), document);
            }
            at = from + size;
            chunk++;
        }
        if (chunk < leads.length) {
            throw new PhilipsFormatException(document, "xli", "the data holds " + chunk + " chunks for " + leads.length
                    + " leads (" + String.join(" ", labels) + ")");
        }
        return leads;
    }

    private static int[] samples(byte[] data, int from, int to, int start, int samples, String lead, String document) {
        byte[] bytes;
        try {
            bytes = XliLzw.decode(data, from, to, 2 * samples);
        } catch (XliLzw.Corrupt e) {
            throw new PhilipsFormatException(document, e.tooLong ? "sample count" : "xli", "lead " + lead + ": " + e.getMessage());
        }
        if (bytes.length != 2 * samples) {
            throw new PhilipsFormatException(document, "sample count", "lead " + lead + " decodes to " + bytes.length
                    + " bytes, not the " + 2 * samples + " of " + samples + " 16-bit samples");
        }
        int[] s = new int[samples];
        for (int t = 0; t < samples; t++) {
            s[t] = (short) ((bytes[t] & 0xff) << 8 | (bytes[samples + t] & 0xff));
        }
        // s holds d and is overwritten in place: d[t] is read (as the next e) before s[t] replaces it
        int e = start;
        for (int t = 2; t < samples; t++) {
            int next = s[t] - SECOND_DIFFERENCE_BIAS;
            int value = 2 * s[t - 1] - s[t - 2] - e;
            if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
                throw new PhilipsFormatException(document, "xli", "lead " + lead + ": sample " + t + " (" + value
                        + ") leaves the 16-bit range: corrupt data");
            }
            s[t] = value;
            e = next;
        }
        return s;
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
