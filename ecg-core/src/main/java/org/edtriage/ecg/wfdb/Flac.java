package org.edtriage.ecg.wfdb;

/**
 * A FLAC decoder for WFDB's compressed formats 508, 516 and 524 (WFDB 10.7: the signals of one data file are the
 * channels of one FLAC stream, 8, 16 or 24 bits per sample). Written from the FLAC format specification (RFC 9639):
 * STREAMINFO, frame headers with their CRC-8, the four subframe types (constant, verbatim, fixed and LPC predictors,
 * wasted bits), Rice-coded residuals with escape partitions, the three stereo decorrelations, and each frame's
 * CRC-16 — so a damaged file is refused by the frame that failed, before any WFDB checksum is looked at. Written
 * rather than taken: the Java FLAC decoder on Maven Central (jFLAC) is LGPL, and this much of the format is small.
 */
final class Flac {
    private final String record;
    private final String file;
    private final byte[] b;
    private final int end;
    private long bit; // the next bit to read, from the start of b

    private Flac(String record, String file, byte[] bytes, int offset) {
        this.record = record;
        this.file = file;
        this.b = bytes;
        this.end = bytes.length;
        this.bit = (long) offset * 8;
    }

    /**
     * Decodes the stream that starts at {@code offset}: one array per channel, all of the stream's samples.
     *
     * @param bits     the sample size the WFDB format declares (8, 16 or 24); the stream must agree
     * @param expected samples per channel the WFDB header declares, or -1: no more are kept (a damaged STREAMINFO
     *                 cannot make us allocate gigabytes), and they stand in for a STREAMINFO that leaves the length open
     */
    static int[][] decode(String record, String file, byte[] bytes, int offset, int bits, long expected) {
        try {
            return new Flac(record, file, bytes, offset).stream(bits, expected);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new WfdbFormatException(record, "FLAC", file + " ends inside a FLAC frame (truncated?)");
        }
    }

    /** Without a sample count in the WFDB header, at most this many per channel: ten hours at 500 Hz. */
    private static final long UNDECLARED_LIMIT = 18_000_000;

    private int[][] stream(int bits, long expected) {
        if (end - bit / 8 < 4 || read(32) != 0x664C6143) { // "fLaC"
            throw fail("does not start with the FLAC marker 'fLaC'");
        }
        int channels = 0, bitsPerSample = 0;
        long total = 0;
        boolean last = false, info = false;
        while (!last) {
            last = read(1) == 1;
            int type = (int) read(7);
            int length = (int) read(24);
            long next = bit + length * 8L;
            if (type == 0) {
                read(16); // minimum block size
                read(16); // maximum block size
                read(24); // minimum frame size
                read(24); // maximum frame size
                read(20); // sample rate: the WFDB header's frequency rules
                channels = (int) read(3) + 1;
                bitsPerSample = (int) read(5) + 1;
                total = read(36);
                info = true;
            }
            bit = next;
        }
        if (!info) {
            throw fail("has no STREAMINFO block");
        }
        if (bitsPerSample != bits) {
            throw fail("holds " + bitsPerSample + "-bit samples, the header's format says " + bits);
        }
        if (total == 0) {
            if (expected < 0) {
                throw fail("leaves its length open (STREAMINFO total 0) and the header declares none");
            }
            total = expected; // a streaming encoder's STREAMINFO: the WFDB header says how long the record is
        }
        total = Math.min(total, expected >= 0 ? expected : UNDECLARED_LIMIT);
        if (channels > 8 || total * channels > Integer.MAX_VALUE - 8) {
            throw fail("declares " + channels + " channels of " + total + " samples: too many for one ECG");
        }
        int[][] out = new int[channels][(int) total];
        int at = 0, frame = 0;
        while (bit / 8 < end && at < total) {
            at += frame(frame++, out, at, channels, bitsPerSample);
        }
        if (at < total) {
            throw fail("holds " + at + " samples per channel, its STREAMINFO declares " + total + " (truncated?)");
        }
        return out;
    }

    /** Decodes one frame into {@code out} from sample {@code at} on; returns its block size. */
    private int frame(int n, int[][] out, int at, int channels, int bitsPerSample) {
        int start = (int) (bit / 8);
        if (bit % 8 != 0 || read(15) != 0x7FFC) {
            throw fail("frame " + n + " has no frame sync code");
        }
        read(1); // blocking strategy: fixed or variable, the sample count follows either way
        int sizeCode = (int) read(4), rateCode = (int) read(4), assignment = (int) read(4), sampleSizeCode = (int) read(3);
        read(1);
        int first = (int) read(8); // the UTF-8-style coded frame or sample number
        for (int extra = Integer.numberOfLeadingZeros(~first << 24); extra > 1; extra--) {
            read(8);
        }
        int blockSize = switch (sizeCode) {
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (sizeCode - 2);
            case 6 -> (int) read(8) + 1;
            case 7 -> (int) read(16) + 1;
            case 8, 9, 10, 11, 12, 13, 14, 15 -> 256 << (sizeCode - 8);
            default -> throw fail("frame " + n + " has the reserved block size code 0");
        };
        if (rateCode == 12) {
            read(8);
        } else if (rateCode == 13 || rateCode == 14) {
            read(16);
        }
        int headerEnd = (int) (bit / 8);
        if (read(8) != crc8(start, headerEnd)) {
            throw fail("frame " + n + ": header CRC-8 mismatch");
        }
        int bps = switch (sampleSizeCode) {
            case 0 -> bitsPerSample;
            case 1 -> 8;
            case 2 -> 12;
            case 4 -> 16;
            case 5 -> 20;
            case 6 -> 24;
            case 7 -> 32;
            default -> throw fail("frame " + n + " has the reserved sample size code 3");
        };
        int frameChannels = assignment < 8 ? assignment + 1 : 2;
        if (assignment > 10 || frameChannels != channels) {
            throw fail("frame " + n + " has channel assignment " + assignment + " for a " + channels + "-channel stream");
        }
        int[][] x = new int[channels][];
        for (int c = 0; c < channels; c++) {
            // the side channel carries one bit more
            boolean side = (assignment == 8 && c == 1) || (assignment == 9 && c == 0) || (assignment == 10 && c == 1);
            x[c] = subframe(n, blockSize, side ? bps + 1 : bps);
        }
        bit = (bit + 7) / 8 * 8; // zero padding to the byte
        int frameEnd = (int) (bit / 8);
        if (read(16) != crc16(start, frameEnd)) {
            throw fail("frame " + n + ": CRC-16 mismatch");
        }
        for (int i = 0; i < blockSize; i++) {
            switch (assignment) {
                case 8 -> x[1][i] = x[0][i] - x[1][i];                 // left, side → right
                case 9 -> x[0][i] = x[0][i] + x[1][i];                 // side, right → left
                case 10 -> {                                           // mid, side → left, right
                    long mid = ((long) x[0][i] << 1) | (x[1][i] & 1);
                    int left = (int) ((mid + x[1][i]) >> 1), right = (int) ((mid - x[1][i]) >> 1);
                    x[0][i] = left;
                    x[1][i] = right;
                }
                default -> {
                }
            }
        }
        int kept = Math.min(blockSize, out[0].length - at); // never more than STREAMINFO counts
        for (int c = 0; c < channels; c++) {
            System.arraycopy(x[c], 0, out[c], at, kept);
        }
        return kept;
    }

    private int[] subframe(int n, int blockSize, int bps) {
        if (read(1) != 0) {
            throw fail("frame " + n + ": a subframe's padding bit is set");
        }
        int type = (int) read(6);
        int wasted = 0;
        if (read(1) == 1) {
            wasted = 1;
            while (read(1) == 0) {
                wasted++;
            }
        }
        int size = bps - wasted;
        int[] x = new int[blockSize];
        if (type == 0) {
            java.util.Arrays.fill(x, signed(size));
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                x[i] = signed(size);
            }
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            for (int i = 0; i < order; i++) {
                x[i] = signed(size);
            }
            residual(n, x, order);
            fixed(x, order);
        } else if (type >= 32) {
            int order = type - 31;
            for (int i = 0; i < order; i++) {
                x[i] = signed(size);
            }
            int precision = (int) read(4) + 1;
            if (precision == 16) {
                throw fail("frame " + n + ": LPC coefficient precision code 15 is invalid");
            }
            int shift = signed(5);
            if (shift < 0) {
                throw fail("frame " + n + ": negative LPC shift " + shift);
            }
            int[] coefficients = new int[order];
            for (int j = 0; j < order; j++) {
                coefficients[j] = signed(precision);
            }
            residual(n, x, order);
            for (int i = order; i < blockSize; i++) {
                long sum = 0;
                for (int j = 0; j < order; j++) {
                    sum += (long) coefficients[j] * x[i - j - 1];
                }
                x[i] += (int) (sum >> shift);
            }
        } else {
            throw fail("frame " + n + ": reserved subframe type " + type);
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                x[i] <<= wasted;
            }
        }
        return x;
    }

    /** Rice-coded residuals into {@code x} from {@code order} on. */
    private void residual(int n, int[] x, int order) {
        int method = (int) read(2);
        if (method > 1) {
            throw fail("frame " + n + ": reserved residual coding method " + method);
        }
        int parameterBits = method == 0 ? 4 : 5, escape = (1 << parameterBits) - 1;
        int partitionOrder = (int) read(4);
        int partitions = 1 << partitionOrder, perPartition = x.length >> partitionOrder;
        if (perPartition << partitionOrder != x.length || perPartition < order) {
            throw fail("frame " + n + ": partition order " + partitionOrder + " does not divide a block of " + x.length);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int count = p == 0 ? perPartition - order : perPartition;
            int parameter = (int) read(parameterBits);
            if (parameter == escape) {
                int raw = (int) read(5);
                for (int k = 0; k < count; k++) {
                    x[i++] = raw == 0 ? 0 : signed(raw);
                }
            } else {
                for (int k = 0; k < count; k++) {
                    long quotient = 0;
                    while (read(1) == 0) {
                        quotient++;
                    }
                    long u = (quotient << parameter) | read(parameter);
                    x[i++] = (int) ((u >>> 1) ^ -(u & 1));
                }
            }
        }
    }

    /** The fixed polynomial predictors of order 0 to 4 applied to the residuals in place. */
    private static void fixed(int[] x, int order) {
        for (int i = order; i < x.length; i++) {
            long p = switch (order) {
                case 0 -> 0;
                case 1 -> x[i - 1];
                case 2 -> 2L * x[i - 1] - x[i - 2];
                case 3 -> 3L * x[i - 1] - 3L * x[i - 2] + x[i - 3];
                default -> 4L * x[i - 1] - 6L * x[i - 2] + 4L * x[i - 3] - x[i - 4];
            };
            x[i] += (int) p;
        }
    }

    private long read(int n) {
        long v = 0;
        for (int k = 0; k < n; k++) {
            int byteIndex = (int) (bit >>> 3);
            v = (v << 1) | ((b[byteIndex] >> (7 - (int) (bit & 7))) & 1);
            bit++;
        }
        return v;
    }

    private int signed(int n) {
        long v = read(n);
        return (int) ((v << (64 - n)) >> (64 - n));
    }

    private int crc8(int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private int crc16(int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    private WfdbFormatException fail(String what) {
        return new WfdbFormatException(record, "FLAC", file + " " + what);
    }
}
