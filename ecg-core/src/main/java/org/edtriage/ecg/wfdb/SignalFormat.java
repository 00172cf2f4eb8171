package org.edtriage.ecg.wfdb;

import java.util.Arrays;

/**
 * The WFDB storage formats, one table-driven decoder each. A decoder turns the bytes of one data
 * file into its interleaved sample stream (frame by frame, signal by signal). Groups that pack
 * several samples (212: 2 in 3 bytes, 310/311: 3 in 4 bytes) may end short: a trailing partial
 * group holds the remaining samples in as few whole bytes as the C library writes.
 */
public enum SignalFormat {
    /** 8-bit first differences; the signal's initial value is the sample before the first difference. */
    F8(8, 1, 1),
    /** 16-bit two's complement, little-endian. */
    F16(16, 2, 1),
    /** 16-bit two's complement, big-endian. */
    F61(61, 2, 1),
    /** 8-bit offset binary (value − 128). */
    F80(80, 1, 1),
    /** 16-bit offset binary, little-endian (value − 32768). */
    F160(160, 2, 1),
    /** Two 12-bit two's-complement samples in 3 bytes. */
    F212(212, 3, 2),
    /** Three 10-bit samples in two little-endian 16-bit words (bit 0 of each word unused). */
    F310(310, 4, 3),
    /** Three 10-bit samples in one little-endian 32-bit word (bits 0–9, 10–19, 20–29). */
    F311(311, 4, 3),
    /** 24-bit two's complement, little-endian. */
    F24(24, 3, 1),
    /** 32-bit two's complement, little-endian. */
    F32(32, 4, 1),
    /** FLAC, 8 bits per sample: the signals of the file are the channels of one FLAC stream ({@link Flac}). */
    F508(508, 0, 0),
    /** FLAC, 16 bits per sample. */
    F516(516, 0, 0),
    /** FLAC, 24 bits per sample. */
    F524(524, 0, 0);

    private final int code;
    private final int groupBytes;
    private final int groupSamples;

    SignalFormat(int code, int groupBytes, int groupSamples) {
        this.code = code;
        this.groupBytes = groupBytes;
        this.groupSamples = groupSamples;
    }

    public int code() {
        return code;
    }

    /** Whether the file is a FLAC stream rather than a byte layout. */
    public boolean flac() {
        return groupBytes == 0;
    }

    /** A FLAC format's bits per sample. */
    int flacBits() {
        return switch (this) {
            case F508 -> 8;
            case F516 -> 16;
            case F524 -> 24;
            default -> throw new IllegalStateException(name() + " is not FLAC");
        };
    }

    public static SignalFormat of(String record, int code) {
        for (SignalFormat f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new WfdbFormatException(record, "format", "WFDB format " + code + " is not supported (supported: "
                + Arrays.toString(Arrays.stream(values()).mapToInt(SignalFormat::code).toArray()) + ")");
    }

    /** How many whole samples {@code bytes} bytes hold in this format. */
    public long samplesIn(long bytes) {
        if (flac()) {
            throw new IllegalStateException("a FLAC stream's length is in its STREAMINFO, not in its bytes");
        }
        long groups = bytes / groupBytes;
        long rest = bytes % groupBytes;
        long partial = switch (this) {
            case F212 -> rest >= 2 ? 1 : 0;          // one 12-bit sample in two bytes
            case F310, F311 -> rest >= 2 ? 1 : 0;     // 1 sample in 2 bytes (2 would need the full group)
            default -> 0;
        };
        return groups * groupSamples + partial;
    }

    /** Bytes needed to store {@code samples} samples (what a writer produces). */
    public long bytesFor(long samples) {
        if (flac()) {
            throw new IllegalStateException("a FLAC stream's size depends on its samples");
        }
        long groups = samples / groupSamples;
        long rest = samples % groupSamples;
        long partial = switch (this) {
            case F212 -> rest == 1 ? 2 : 0;
            case F310, F311 -> rest == 1 ? 2 : rest == 2 ? 4 : 0;
            default -> 0;
        };
        return groups * groupBytes + partial;
    }

    /**
     * Decodes {@code count} samples starting at byte {@code offset}. Format 8 yields the raw differences;
     * {@link WfdbReader} integrates them per signal.
     */
    public int[] decode(byte[] b, int offset, int count) {
        int[] out = new int[count];
        int p = offset;
        switch (this) {
            case F8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = b[p + i];
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++, p += 2) {
                    out[i] = (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
                }
            }
            case F61 -> {
                for (int i = 0; i < count; i++, p += 2) {
                    out[i] = (short) ((b[p] << 8) | (b[p + 1] & 0xFF));
                }
            }
            case F80 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (b[p + i] & 0xFF) - 128;
                }
            }
            case F160 -> {
                for (int i = 0; i < count; i++, p += 2) {
                    out[i] = ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8)) - 32768;
                }
            }
            case F24 -> {
                for (int i = 0; i < count; i++, p += 3) {
                    out[i] = ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] << 16));
                }
            }
            case F32 -> {
                for (int i = 0; i < count; i++, p += 4) {
                    out[i] = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | (b[p + 3] << 24);
                }
            }
            case F212 -> {
                for (int i = 0; i < count; i += 2, p += 3) {
                    int b1 = b[p + 1] & 0xFF;
                    out[i] = signExtend(((b1 & 0x0F) << 8) | (b[p] & 0xFF), 12);
                    if (i + 1 < count) {
                        out[i + 1] = signExtend(((b1 & 0xF0) << 4) | (b[p + 2] & 0xFF), 12);
                    }
                }
            }
            case F310 -> {
                for (int i = 0; i < count; i += 3, p += 4) {
                    int w0 = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
                    out[i] = signExtend((w0 >> 1) & 0x3FF, 10);
                    if (i + 1 < count) {
                        int w1 = (b[p + 2] & 0xFF) | ((b[p + 3] & 0xFF) << 8);
                        out[i + 1] = signExtend((w1 >> 1) & 0x3FF, 10);
                        if (i + 2 < count) {
                            out[i + 2] = signExtend(((w0 >> 11) & 0x1F) | (((w1 >> 11) & 0x1F) << 5), 10);
                        }
                    }
                }
            }
            case F311 -> {
                for (int i = 0; i < count; i += 3, p += 4) {
                    long w = (b[p] & 0xFFL) | ((b[p + 1] & 0xFFL) << 8)
                            | (p + 2 < b.length ? (b[p + 2] & 0xFFL) << 16 : 0) | (p + 3 < b.length ? (b[p + 3] & 0xFFL) << 24 : 0);
                    out[i] = signExtend((int) (w & 0x3FF), 10);
                    if (i + 1 < count) {
                        out[i + 1] = signExtend((int) ((w >> 10) & 0x3FF), 10);
                    }
                    if (i + 2 < count) {
                        out[i + 2] = signExtend((int) ((w >> 20) & 0x3FF), 10);
                    }
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return out;
    }

    private static int signExtend(int v, int bits) {
        int shift = 32 - bits;
        return (v << shift) >> shift;
    }
}
