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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads WFDB records as the WFDB C library's {@code rdsamp} does: single- and multi-segment, every
 * format in {@link SignalFormat}, several signals per file interleaved frame by frame, samples per
 * frame, skew and byte offsets. Every signal's 16-bit checksum (modulo 65536: PTB-XL writes it
 * unsigned) is verified, so a mis-decoded file, or a truncated one whose header declares checksums,
 * is refused by name instead of scored. What rdsamp reads past (an initial value that is not the
 * first sample, a short file without checksums) is read and recorded in {@link WfdbRecord#notes()}.
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
        List<WfdbNote> notes = new ArrayList<>(header.notes());
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
            notes.addAll(decodeFile(header, entry.getKey(), entry.getValue(), bytes, samples));
        }
        // like rdsamp, the record ends with its shortest data file (only a file without checksums may be short)
        long frames = Long.MAX_VALUE;
        for (int i = 0; i < specs.size(); i++) {
            frames = Math.min(frames, samples[i].length / specs.get(i).samplesPerFrame());
        }
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            int length = (int) (frames * specs.get(i).samplesPerFrame());
            list.add(samples[i].length == length ? samples[i] : Arrays.copyOf(samples[i], length));
        }
        return new WfdbRecord(header, specs, list, notes);
    }

    /**
     * Decodes one data file holding the given signals, interleaved, into {@code out}: each signal's samples
     * as stored, integrated when they are first differences, checked, then deskewed.
     *
     * @return what was read although it deviates from the header
     */
    private static List<WfdbNote> decodeFile(WfdbHeader header, String fileName, List<Integer> indices, byte[] bytes, int[][] out) {
        String record = header.recordName();
        WfdbSignalSpec first = header.signals().get(indices.get(0));
        SignalFormat format = SignalFormat.of(record, first.format());
        int slotsPerFrame = 0;
        int maxSkew = 0;
        boolean checksummed = false;
        for (int idx : indices) {
            WfdbSignalSpec s = header.signals().get(idx);
            if (s.format() != first.format() || s.byteOffset() != first.byteOffset()) {
                throw new WfdbFormatException(record, "format", "signals in " + fileName + " disagree on format or byte offset");
            }
            slotsPerFrame += s.samplesPerFrame();
            maxSkew = Math.max(maxSkew, s.skewFrames());
            checksummed |= s.checksum() != null;
        }
        if (first.byteOffset() > bytes.length) {
            throw new WfdbFormatException(record, "data length", fileName + " has " + bytes.length + " bytes, the byte offset is " + first.byteOffset());
        }
        int[] flacStream = format.flac() ? flacInterleaved(record, fileName, header, indices, bytes, format) : null;
        long availableFrames = (flacStream != null ? flacStream.length : format.samplesIn(bytes.length - first.byteOffset())) / slotsPerFrame;
        long declared = header.samplesPerSignal();
        long frames = declared >= 0 ? declared : availableFrames;
        List<WfdbNote> notes = new ArrayList<>();
        if (availableFrames < frames) {
            if (checksummed) {
                // a checksum over the declared frames could never match: refuse by the cause, not by the symptom
                throw new WfdbFormatException(record, "data length", fileName + " holds " + availableFrames + " frames ("
                        + bytes.length + " bytes, format " + format.code() + ", " + slotsPerFrame + " samples per frame), the header declares "
                        + declared + ": truncated?");
            }
            // rdsamp reads a short file to its end and stops; without a checksum nothing says it is damaged
            notes.add(new WfdbNote("data length", null, fileName + " holds " + availableFrames + " frames, the header declares "
                    + declared + "; the " + availableFrames + " it holds were read"));
            frames = availableFrames;
        }
        if (frames * slotsPerFrame > Integer.MAX_VALUE - 8) {
            throw new WfdbFormatException(record, "data length", frames + " frames are too many for one ECG");
        }
        // skewed signals are stored that many frames late; frames past the end of the file read as invalid
        long storedFrames = Math.min(availableFrames, frames + maxSkew);
        int[] stream = flacStream != null ? flacStream : format.decode(bytes, (int) first.byteOffset(), (int) (storedFrames * slotsPerFrame));
        int slot = 0;
        for (int idx : indices) {
            WfdbSignalSpec s = header.signals().get(idx);
            int spf = s.samplesPerFrame();
            int[] stored = new int[(int) (storedFrames * spf)];
            for (int f = 0; f < storedFrames; f++) {
                System.arraycopy(stream, f * slotsPerFrame + slot, stored, f * spf, spf);
            }
            if (format == SignalFormat.F8) {
                // the C library seeds the differences with the initial value, or the ADC zero when the header has none
                integrateDifferences(stored, s.initialValue() == null ? s.adcZero() : s.initialValue());
            } else if (s.initialValue() != null && stored.length > 0 && stored[0] != s.initialValue()) {
                // only format 8 uses the initial value; rdsamp reads a record whose header misstates it
                notes.add(new WfdbNote("initial value", s.description(), "the signal starts with " + stored[0]
                        + ", the header says " + s.initialValue() + "; read as stored"));
            }
            verifyChecksum(record, s, stored, (int) (frames * spf));
            out[idx] = deskew(stored, spf, s.skewFrames(), frames);
            slot += spf;
        }
        return notes;
    }

    /**
     * A FLAC data file's channels (one per signal, in header order) laid out as the other formats' sample stream,
     * frame by frame, signal by signal, so that skew, checksums and the rest follow the same path.
     */
    private static int[] flacInterleaved(String record, String fileName, WfdbHeader header, List<Integer> indices, byte[] bytes,
                                         SignalFormat format) {
        int spf0 = header.signals().get(indices.get(0)).samplesPerFrame();
        long declared = header.samplesPerSignal() < 0 ? -1 : header.samplesPerSignal() * spf0;
        int[][] channels = Flac.decode(record, fileName, bytes, (int) header.signals().get(indices.get(0)).byteOffset(), format.flacBits(),
                declared);
        if (channels.length != indices.size()) {
            throw new WfdbFormatException(record, "FLAC", fileName + " has " + channels.length + " channels for " + indices.size() + " signals");
        }
        int spf = header.signals().get(indices.get(0)).samplesPerFrame();
        for (int idx : indices) {
            if (header.signals().get(idx).samplesPerFrame() != spf) {
                throw new WfdbFormatException(record, "FLAC", "the signals of " + fileName + " differ in samples per frame, which FLAC cannot store");
            }
        }
        long frames = channels[0].length / spf;
        if (frames * spf * channels.length > Integer.MAX_VALUE - 8) {
            throw new WfdbFormatException(record, "data length", frames + " frames are too many for one ECG");
        }
        int[] stream = new int[(int) (frames * spf * channels.length)];
        int k = 0;
        for (int f = 0; f < frames; f++) {
            for (int[] channel : channels) {
                System.arraycopy(channel, f * spf, stream, k, spf);
                k += spf;
            }
        }
        return stream;
    }

    /** Frame {@code f} of a signal skewed by {@code skew} frames is stored in frame {@code f + skew}. */
    private static int[] deskew(int[] stored, int spf, int skew, long frames) {
        int length = (int) (frames * spf);
        if (skew == 0) {
            return stored.length == length ? stored : Arrays.copyOf(stored, length);
        }
        int[] x = new int[length];
        Arrays.fill(x, WfdbRecord.INVALID_SAMPLE);
        long start = (long) skew * spf;
        if (start < stored.length) {
            System.arraycopy(stored, (int) start, x, 0, (int) Math.min(length, stored.length - start));
        }
        return x;
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
        List<WfdbNote> notes = new ArrayList<>(master.notes());
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
            WfdbRecord part = readSingle(sh, files);
            for (WfdbNote n : part.notes()) {
                notes.add(new WfdbNote(n.check(), n.signal(), "segment " + segment.recordName() + ": " + n.detail()));
            }
            parts.add(part);
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
            Arrays.fill(x, WfdbRecord.INVALID_SAMPLE);
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
        return new WfdbRecord(master, layout, joined, notes);
    }

    /**
     * The C library sums every sample of the signal as stored, all samples of each frame, before deskewing,
     * over the frames the header declares.
     */
    private static void verifyChecksum(String record, WfdbSignalSpec s, int[] stored, int count) {
        if (s.checksum() == null) {
            return;
        }
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += stored[i];
        }
        if (((sum - s.checksum()) & 0xFFFF) != 0) {
            throw new WfdbFormatException(record, "checksum", "signal " + s.description() + " sums to "
                    + (sum & 0xFFFF) + " (mod 65536), header says " + (s.checksum() & 0xFFFF));
        }
    }
}
