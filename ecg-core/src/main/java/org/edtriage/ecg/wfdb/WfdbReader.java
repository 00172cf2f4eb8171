package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a single-segment WFDB record whose signals are stored in format 16 or 212 (the walking
 * skeleton's subset; the full decoder table is issue 3). Every signal's initial value and 16-bit
 * checksum are verified, so a truncated or mis-decoded file is refused by name instead of scored.
 */
public final class WfdbReader {
    private WfdbReader() {
    }

    /** Reads {@code <dir>/<record>.hea} and the data files it names. */
    public static Ecg read(Path headerFile) throws IOException {
        String header = Files.readString(headerFile, StandardCharsets.US_ASCII);
        WfdbHeader parsed = WfdbHeader.parse(header);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (WfdbSignalSpec s : parsed.signals()) {
            if (!files.containsKey(s.fileName())) {
                Path data = headerFile.resolveSibling(s.fileName());
                if (!Files.exists(data)) {
                    throw new WfdbFormatException(parsed.recordName(), "data file", data + " does not exist");
                }
                files.put(s.fileName(), Files.readAllBytes(data));
            }
        }
        return decode(parsed, files);
    }

    /** For a record whose signals all live in one data file (the usual case for uploads). */
    public static Ecg read(InputStream header, InputStream data) throws IOException {
        return read(header.readAllBytes(), data.readAllBytes());
    }

    public static Ecg read(byte[] header, byte[] data) {
        WfdbHeader parsed = WfdbHeader.parse(new String(header, StandardCharsets.US_ASCII));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (WfdbSignalSpec s : parsed.signals()) {
            files.put(s.fileName(), data);
        }
        if (files.size() > 1) {
            throw new WfdbFormatException(parsed.recordName(), "data file",
                    "signals are spread over " + files.keySet() + "; send one data file per record");
        }
        return decode(parsed, files);
    }

    static Ecg decode(WfdbHeader header, Map<String, byte[]> files) {
        String record = header.recordName();
        // signals grouped per file in header order: within a file they are interleaved frame by frame
        Map<String, List<Integer>> signalsByFile = new LinkedHashMap<>();
        for (int i = 0; i < header.signalCount(); i++) {
            WfdbSignalSpec s = header.signals().get(i);
            if (s.format() != 16 && s.format() != 212) {
                throw new WfdbFormatException(record, "format", "signal " + s.description() + " uses format " + s.format()
                        + "; this reader supports 16 and 212");
            }
            if (s.samplesPerFrame() != 1 || s.skew() != 0) {
                throw new WfdbFormatException(record, "format", "signal " + s.description() + " uses multiple samples per frame or skew");
            }
            signalsByFile.computeIfAbsent(s.fileName(), k -> new ArrayList<>()).add(i);
        }
        int[][] samples = new int[header.signalCount()][];
        for (Map.Entry<String, List<Integer>> entry : signalsByFile.entrySet()) {
            List<Integer> indices = entry.getValue();
            WfdbSignalSpec first = header.signals().get(indices.get(0));
            for (int idx : indices) {
                if (header.signals().get(idx).format() != first.format()) {
                    throw new WfdbFormatException(record, "format", "file " + entry.getKey() + " mixes formats");
                }
            }
            byte[] bytes = files.get(entry.getKey());
            int[][] decoded = first.format() == 16
                    ? decode16(record, bytes, (int) first.byteOffset(), indices.size(), header.samplesPerSignal())
                    : decode212(record, bytes, (int) first.byteOffset(), indices.size(), header.samplesPerSignal());
            for (int k = 0; k < indices.size(); k++) {
                samples[indices.get(k)] = decoded[k];
            }
        }
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < header.signalCount(); i++) {
            WfdbSignalSpec s = header.signals().get(i);
            verify(record, s, samples[i]);
            double gainPerMv = toPerMillivolt(record, s);
            leads.add(new Lead(s.description(), samples[i], gainPerMv, s.baseline()));
        }
        var acquiredAt = header.baseDate() != null && header.baseTime() != null
                ? LocalDateTime.of(header.baseDate(), header.baseTime()).toInstant(ZoneOffset.UTC) : null;
        return new Ecg(record, header.samplingFrequency(), leads, acquiredAt, header.age().orElse(null), header.sex());
    }

    private static double toPerMillivolt(String record, WfdbSignalSpec s) {
        return switch (s.units()) {
            case "mV" -> s.gain();
            case "uV" -> s.gain() * 1000;
            case "V" -> s.gain() / 1000;
            default -> throw new WfdbFormatException(record, "units", "signal " + s.description() + " is in '" + s.units() + "', not a voltage");
        };
    }

    private static void verify(String record, WfdbSignalSpec s, int[] x) {
        if (s.initialValue() != null && x.length > 0 && x[0] != s.initialValue()) {
            throw new WfdbFormatException(record, "initial value", "signal " + s.description() + " starts with "
                    + x[0] + ", header says " + s.initialValue());
        }
        if (s.checksum() != null) {
            int sum = 0;
            for (int v : x) {
                sum += v;
            }
            // PTB-XL writes the checksum unsigned, other writers signed: compare modulo 65536
            if (((sum - s.checksum()) & 0xFFFF) != 0) {
                throw new WfdbFormatException(record, "checksum", "signal " + s.description() + " sums to "
                        + (sum & 0xFFFF) + " (mod 65536), header says " + (s.checksum() & 0xFFFF));
            }
        }
    }

    private static int[][] decode16(String record, byte[] b, int offset, int nsig, long declared) {
        long available = (b.length - offset) / (2L * nsig);
        int n = checkLength(record, declared, available, b.length, 2L * nsig, offset);
        int[][] out = new int[nsig][n];
        int p = offset;
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < nsig; s++) {
                out[s][t] = (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
                p += 2;
            }
        }
        return out;
    }

    private static int[][] decode212(String record, byte[] b, int offset, int nsig, long declared) {
        // two 12-bit samples in three bytes, across the interleaved sample stream
        long totalSamples = (b.length - offset) * 2L / 3;
        long available = totalSamples / nsig;
        int n = checkLength(record, declared, available, b.length, 3.0 * nsig / 2, offset);
        int[][] out = new int[nsig][n];
        long needed = (long) n * nsig;
        int p = offset;
        for (long k = 0; k < needed; k += 2) {
            int b0 = b[p] & 0xFF, b1 = b[p + 1] & 0xFF, b2 = p + 2 < b.length ? b[p + 2] & 0xFF : 0;
            int s0 = ((b1 & 0x0F) << 8) | b0;
            int s1 = ((b1 & 0xF0) << 4) | b2;
            put(out, nsig, k, s0 >= 2048 ? s0 - 4096 : s0);
            if (k + 1 < needed) {
                put(out, nsig, k + 1, s1 >= 2048 ? s1 - 4096 : s1);
            }
            p += 3;
        }
        return out;
    }

    private static void put(int[][] out, int nsig, long k, int value) {
        out[(int) (k % nsig)][(int) (k / nsig)] = value;
    }

    private static int checkLength(String record, long declared, long available, int bytes, double bytesPerFrame, int offset) {
        if (declared >= 0 && available < declared) {
            throw new WfdbFormatException(record, "data length", "header declares " + declared + " samples per signal, the data ("
                    + bytes + " bytes from offset " + offset + ") holds " + available + " (" + bytesPerFrame + " bytes per frame): truncated?");
        }
        long n = declared >= 0 ? declared : available;
        if (n > Integer.MAX_VALUE) {
            throw new WfdbFormatException(record, "data length", n + " samples per signal is too long for one ECG");
        }
        return (int) n;
    }
}
