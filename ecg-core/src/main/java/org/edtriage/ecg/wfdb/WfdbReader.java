package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads WFDB records: single- and multi-segment, every format in {@link SignalFormat}, several
 * signals per file interleaved frame by frame, samples per frame, skew and byte offsets. Every
 * signal's initial value and 16-bit checksum (modulo 65536: PTB-XL writes it unsigned) are verified,
 * so a truncated or mis-decoded file is refused by name instead of scored.
 */
public final class WfdbReader {
    private WfdbReader() {
    }

    /** Where a record's files come from: a folder, or bytes received over the network. */
    @FunctionalInterface
    public interface FileSource {
        /** The bytes of the named file (a data file or a segment's header); throws NoSuchFileException when absent. */
        byte[] read(String fileName) throws IOException;

        static FileSource folder(Path dir) {
            return name -> {
                if (name.contains("/") || name.contains("\\") || name.equals("..")) {
                    throw new IOException("file name '" + name + "' leaves the record's folder");
                }
                return Files.readAllBytes(dir.resolve(name));
            };
        }
    }

    /** Reads {@code <dir>/<record>.hea} and the files it names, from the same folder. */
    public static Ecg read(Path headerFile) throws IOException {
        return readRecord(headerFile).toEcg();
    }

    public static WfdbRecord readRecord(Path headerFile) throws IOException {
        WfdbHeader header = WfdbHeader.parse(Files.readString(headerFile, StandardCharsets.ISO_8859_1));
        return readRecord(header, FileSource.folder(headerFile.toAbsolutePath().getParent()));
    }

    /** A record whose signals all live in one data file (the usual upload). */
    public static Ecg read(InputStream header, InputStream data) throws IOException {
        return read(header.readAllBytes(), data.readAllBytes());
    }

    public static Ecg read(byte[] header, byte[] data) {
        WfdbHeader parsed = WfdbHeader.parse(new String(header, StandardCharsets.ISO_8859_1));
        if (parsed.isMultiSegment()) {
            throw new WfdbFormatException(parsed.recordName(), "data file", "a multi-segment record needs its segment files; send them together");
        }
        long files = parsed.signals().stream().map(WfdbSignalSpec::fileName).distinct().count();
        if (files > 1) {
            throw new WfdbFormatException(parsed.recordName(), "data file",
                    "signals are spread over " + files + " files; send one data file per record");
        }
        try {
            return readRecord(parsed, name -> data).toEcg();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WfdbRecord readRecord(WfdbHeader header, FileSource files) throws IOException {
        return header.isMultiSegment() ? readMultiSegment(header, files) : readSingle(header, files);
    }

    private static WfdbRecord readSingle(WfdbHeader header, FileSource files) throws IOException {
        String record = header.recordName();
        List<WfdbSignalSpec> specs = header.signals();
        Map<String, List<Integer>> signalsByFile = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            signalsByFile.computeIfAbsent(specs.get(i).fileName(), k -> new ArrayList<>()).add(i);
        }
        int[][] samples = new int[specs.size()][];
        for (Map.Entry<String, List<Integer>> entry : signalsByFile.entrySet()) {
            if (header.samplesPerSignal() == 0) {
                for (int idx : entry.getValue()) {
                    samples[idx] = new int[0]; // a layout header: signals described, no data file to read
                }
                continue;
            }
            byte[] bytes;
            try {
                bytes = files.read(entry.getKey());
            } catch (NoSuchFileException e) {
                throw new WfdbFormatException(record, "data file", entry.getKey() + " does not exist");
            }
            decodeFile(header, entry.getKey(), entry.getValue(), bytes, samples);
        }
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            verify(record, specs.get(i), samples[i]);
            list.add(samples[i]);
        }
        return new WfdbRecord(header, specs, list);
    }

    /** Decodes one data file holding the given signals, interleaved, into {@code out}. */
    private static void decodeFile(WfdbHeader header, String fileName, List<Integer> indices, byte[] bytes, int[][] out) {
        String record = header.recordName();
        WfdbSignalSpec first = header.signals().get(indices.get(0));
        SignalFormat format = SignalFormat.of(record, first.format());
        int slotsPerFrame = 0;
        int maxSkew = 0;
        for (int idx : indices) {
            WfdbSignalSpec s = header.signals().get(idx);
            if (s.format() != first.format() || s.byteOffset() != first.byteOffset()) {
                throw new WfdbFormatException(record, "format", "signals in " + fileName + " disagree on format or byte offset");
            }
            slotsPerFrame += s.samplesPerFrame();
            maxSkew = Math.max(maxSkew, s.skew());
        }
        if (first.byteOffset() > bytes.length) {
            throw new WfdbFormatException(record, "data length", fileName + " has " + bytes.length + " bytes, the byte offset is " + first.byteOffset());
        }
        long availableFrames = format.samplesIn(bytes.length - first.byteOffset()) / slotsPerFrame;
        long declared = header.samplesPerSignal();
        if (declared >= 0 && availableFrames < declared) {
            throw new WfdbFormatException(record, "data length", fileName + " holds " + availableFrames + " frames ("
                    + bytes.length + " bytes, format " + format.code() + ", " + slotsPerFrame + " samples per frame), the header declares "
                    + declared + ": truncated?");
        }
        long frames = declared >= 0 ? declared : availableFrames;
        if (frames * slotsPerFrame > Integer.MAX_VALUE - 8) {
            throw new WfdbFormatException(record, "data length", frames + " frames are too many for one ECG");
        }
        // skewed signals are read that many frames later; frames past the end read as invalid
        long framesToDecode = Math.min(availableFrames, frames + maxSkew);
        int[] stream = format.decode(bytes, (int) first.byteOffset(), (int) (framesToDecode * slotsPerFrame));
        int slot = 0;
        for (int idx : indices) {
            WfdbSignalSpec s = header.signals().get(idx);
            int spf = s.samplesPerFrame();
            int[] x = new int[(int) (frames * spf)];
            for (long f = 0; f < frames; f++) {
                long source = f + s.skew();
                for (int k = 0; k < spf; k++) {
                    x[(int) (f * spf + k)] = source < framesToDecode ? stream[(int) (source * slotsPerFrame + slot + k)] : WfdbRecord.INVALID_SAMPLE;
                }
            }
            if (format == SignalFormat.F8) {
                integrateDifferences(x, s.initialValue() == null ? 0 : s.initialValue());
            }
            out[idx] = x;
            slot += spf;
        }
    }

    /** Format 8 stores first differences: sample n = initial value + d[0] + … + d[n]. */
    private static void integrateDifferences(int[] x, int initial) {
        int value = initial;
        for (int i = 0; i < x.length; i++) {
            value += x[i];
            x[i] = value;
        }
    }

    private static WfdbRecord readMultiSegment(WfdbHeader master, FileSource files) throws IOException {
        String record = master.recordName();
        List<WfdbSignalSpec> layout = null;
        List<WfdbRecord> parts = new ArrayList<>();
        List<Long> gapBefore = new ArrayList<>();
        long pendingGap = 0;
        for (WfdbHeader.Segment segment : master.segments()) {
            if (segment.isGap()) {
                pendingGap += segment.samples();
                continue;
            }
            WfdbHeader sh;
            try {
                sh = WfdbHeader.parse(new String(files.read(segment.recordName() + ".hea"), StandardCharsets.ISO_8859_1));
            } catch (NoSuchFileException e) {
                throw new WfdbFormatException(record, "segment", "segment header " + segment.recordName() + ".hea does not exist");
            }
            if (sh.isMultiSegment()) {
                throw new WfdbFormatException(record, "segment", "segment " + segment.recordName() + " is itself multi-segment");
            }
            if (segment.samples() == 0 && layout == null) {
                layout = sh.signals(); // the layout segment: signal names, gains and units of the whole record
                continue;
            }
            if (sh.samplesPerSignal() >= 0 && sh.samplesPerSignal() != segment.samples()) {
                throw new WfdbFormatException(record, "segment", "segment " + segment.recordName() + " has " + sh.samplesPerSignal()
                        + " samples, the master header says " + segment.samples());
            }
            parts.add(readSingle(sh, files));
            gapBefore.add(pendingGap);
            pendingGap = 0;
        }
        if (parts.isEmpty()) {
            throw new WfdbFormatException(record, "segment", "no segment holds any samples");
        }
        if (layout == null) {
            layout = parts.get(0).specs(); // fixed layout: every segment has the same signals
        }
        long total = pendingGap;
        for (int p = 0; p < parts.size(); p++) {
            total += gapBefore.get(p) + parts.get(p).frames();
        }
        if (master.samplesPerSignal() >= 0 && total != master.samplesPerSignal()) {
            throw new WfdbFormatException(record, "segment", "segments add up to " + total + " samples, the header declares " + master.samplesPerSignal());
        }
        List<int[]> joined = new ArrayList<>();
        for (WfdbSignalSpec ignored : layout) {
            int[] x = new int[Math.toIntExact(total)];
            java.util.Arrays.fill(x, WfdbRecord.INVALID_SAMPLE);
            joined.add(x);
        }
        long at = 0;
        for (int p = 0; p < parts.size(); p++) {
            at += gapBefore.get(p);
            WfdbRecord part = parts.get(p);
            Map<String, Integer> byName = new HashMap<>();
            for (int s = 0; s < part.specs().size(); s++) {
                byName.putIfAbsent(part.specs().get(s).description(), s);
            }
            for (int l = 0; l < layout.size(); l++) {
                WfdbSignalSpec target = layout.get(l);
                Integer s = byName.get(target.description());
                if (s == null) {
                    continue; // absent from this segment: stays invalid
                }
                WfdbSignalSpec source = part.specs().get(s);
                int[] from = part.samples().get(s);
                int[] to = joined.get(l);
                boolean same = source.gain() == target.gain() && source.baseline() == target.baseline();
                for (int i = 0; i < from.length && at + i < to.length; i++) {
                    to[(int) (at + i)] = same ? from[i]
                            : (int) Math.round((from[i] - source.baseline()) / source.gain() * target.gain() + target.baseline());
                }
            }
            at += part.frames();
        }
        return new WfdbRecord(master, layout, joined);
    }

    private static void verify(String record, WfdbSignalSpec s, int[] x) {
        if (s.initialValue() != null && x.length > 0 && s.format() != 8 && x[0] != s.initialValue()) {
            throw new WfdbFormatException(record, "initial value", "signal " + s.description() + " starts with "
                    + x[0] + ", header says " + s.initialValue());
        }
        if (s.checksum() != null) {
            int sum = 0;
            for (int v : x) {
                sum += v;
            }
            if (((sum - s.checksum()) & 0xFFFF) != 0) {
                throw new WfdbFormatException(record, "checksum", "signal " + s.description() + " sums to "
                        + (sum & 0xFFFF) + " (mod 65536), header says " + (s.checksum() & 0xFFFF));
            }
        }
    }
}
