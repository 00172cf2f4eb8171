package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shapes of real PhysioNet records that the WFDB C library's {@code rdsamp} reads: each written here
 * in that shape and read as rdsamp reads it, with what rdsamp reads past kept as a note.
 */
class WfdbRdsampTest {
    private static final double MV_TOLERANCE = 1e-9;

    @Test
    void aChallenge2020RecordReadsWithItsDateBeforeItsTime() throws Exception {
        // PhysioNet/CinC Challenge 2020: date first as dd-MMM-yyyy, and a 24-byte MATLAB v4 prologue before the samples
        int[] i = {28, 30, -5, 7}, ii = {-12, 0, 4, 9};
        String header = "A0001 2 500 4 05-May-2020 14:50:55\n"
                + "A0001.mat 16+24 1000/mV 16 0 28 " + checksum(i) + " 0 I\n"
                + "A0001.mat 16+24 1000/mV 16 0 -12 " + checksum(ii) + " 0 II\n"
                + "#Age: 74\n#Sex: Male\n#Dx: 59118001\n";
        byte[] data = concat(new byte[24], format16(interleave(i, ii)));
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> data);
        Ecg ecg = r.toEcg();
        assertEquals(Instant.parse("2020-05-05T14:50:55Z"), ecg.acquiredAt());
        assertEquals(74, ecg.ageYears());
        assertEquals(Sex.MALE, ecg.sex());
        assertArrayEquals(ii, ecg.lead("II").orElseThrow().samples());
        assertEquals(List.of("base date"), r.notes().stream().map(WfdbNote::check).toList());
        assertEquals(r.header().notes(), r.notes(), "the header's note reaches the record");
    }

    @Test
    void anInvertedSignalReadsWithItsSignFlipped() throws Exception {
        int[] adc = {100, -50, 0, WfdbRecord.INVALID_SAMPLE};
        String header = "inv 1 250 4\ninv.dat 16 -200(10)/mV 16 10 100 " + checksum(adc) + " 0 V1\n";
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> format16(adc));
        assertEquals(-200, r.specs().get(0).gain());
        assertEquals(-0.45, r.physical(0, 0), MV_TOLERANCE); // (100 − 10) / −200
        assertEquals(0.3, r.physical(0, 1), MV_TOLERANCE);
        Lead v1 = r.toEcg().lead("V1").orElseThrow();
        assertEquals(200, v1.gainPerMv(), "an ECG lead's gain stays positive");
        assertEquals(-0.45, v1.millivolts(0), MV_TOLERANCE);
        assertEquals(0.3, v1.millivolts(1), MV_TOLERANCE);
        assertEquals(0.05, v1.millivolts(2), MV_TOLERANCE);
        assertEquals(WfdbRecord.INVALID_SAMPLE, v1.samples()[3], "an invalid sample stays marked invalid");
    }

    @Test
    void anInitialValueThatIsNotTheFirstSampleIsNotedNotRefused() throws Exception {
        int[] i = {5, 6, 7}, ii = {-1, -2, -3};
        String header = "iv 2 250 3\niv.dat 16 200 16 0 99 " + checksum(i) + " 0 I\niv.dat 16 200 16 0 -1 " + checksum(ii) + " 0 II\n";
        byte[] data = format16(interleave(i, ii));
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> data);
        assertArrayEquals(i, r.samples().get(0));
        assertEquals(1, r.notes().size(), r.notes().toString());
        WfdbNote note = r.notes().get(0);
        assertEquals("initial value", note.check());
        assertEquals("I", note.signal());
        assertTrue(note.detail().contains("starts with 5") && note.detail().contains("says 99"), note.detail());

        byte[] corrupted = data.clone();
        corrupted[2] ^= 0x01; // signal II, frame 0: the checksum still refuses it
        WfdbFormatException e = assertThrows(WfdbFormatException.class,
                () -> WfdbReader.readRecord(WfdbHeader.parse(header), name -> corrupted));
        assertEquals("checksum", e.check());
    }

    @Test
    void format8IsSeededByItsInitialValueOrElseTheAdcZero() throws Exception {
        byte[] differences = {0, 3, -1}; // the checksum (125) is over the integrated samples 40, 43, 42
        WfdbRecord seeded = WfdbReader.readRecord(WfdbHeader.parse("d8 1 250 3\nd8.dat 8 200 8 0 40 125 0 I\n"), name -> differences);
        assertArrayEquals(new int[]{40, 43, 42}, seeded.samples().get(0));
        assertEquals(List.of(), seeded.notes(), "format 8's initial value is its seed, never a mismatch");
        WfdbRecord unseeded = WfdbReader.readRecord(WfdbHeader.parse("d8 1 250 3\nd8.dat 8 200 8 -7\n"), name -> differences);
        assertArrayEquals(new int[]{-7, -4, -5}, unseeded.samples().get(0));
    }

    @Test
    void severalSamplesPerFrameReadAtTheFrameRateAveragedAsRdsampDoes() throws Exception {
        // 16x4 beside 16: frames of (A A A A B); rdsamp without -H prints A's mean per frame, rounded to the nearest
        int[] a = {1, 2, 2, 2, -1, -2, -2, -2, 7, 7, 7, 7};
        int[] b = {100, 200, 300};
        int[] stream = {1, 2, 2, 2, 100, -1, -2, -2, -2, 200, 7, 7, 7, 7, 300};
        String header = "spf 2 125 3\nspf.dat 16x4 200 16 0 1 " + checksum(a) + " 0 A\nspf.dat 16 200 16 0 100 " + checksum(b) + " 0 B\n";
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> format16(stream));
        assertArrayEquals(a, r.samples().get(0), "the record keeps every sample");
        assertEquals(3, r.frames());
        Ecg ecg = r.toEcg();
        assertEquals(125, ecg.samplingRateHz(), "the frame rate");
        assertArrayEquals(new int[]{2, -2, 7}, ecg.lead("A").orElseThrow().samples()); // 7/4 and −7/4 round to ±2
        assertArrayEquals(b, ecg.lead("B").orElseThrow().samples());

        // every signal at 4 samples per frame: nothing needs averaging, the ECG keeps every sample at 4 × the frame rate
        String uniform = "u 1 125 3\nu.dat 16x4 200 16 0 1 " + checksum(a) + " 0 A\n";
        Ecg same = WfdbReader.readRecord(WfdbHeader.parse(uniform), name -> format16(a)).toEcg();
        assertEquals(500, same.samplingRateHz());
        assertArrayEquals(a, same.leads().get(0).samples());
    }

    @Test
    void aFrameWithAnInvalidSampleAveragesToInvalid() throws Exception {
        int[] a = {4, WfdbRecord.INVALID_SAMPLE, 6, 8};
        int[] b = {1, 2};
        int[] stream = {4, WfdbRecord.INVALID_SAMPLE, 1, 6, 8, 2};
        String header = "inv 2 125 2\ninv.dat 16x2 200 16 0 4 " + checksum(a) + " 0 A\ninv.dat 16 200 16 0 1 " + checksum(b) + " 0 B\n";
        Ecg ecg = WfdbReader.readRecord(WfdbHeader.parse(header), name -> format16(stream)).toEcg();
        assertArrayEquals(new int[]{WfdbRecord.INVALID_SAMPLE, 7}, ecg.lead("A").orElseThrow().samples());
    }

    @Test
    void format212WithASkewedSignalIsDeskewedAndChecksummedAsStored() throws Exception {
        // 212:3: signal B reaches the file 3 frames late; the file holds the declared 4 frames plus those 3
        int[] aStored = {10, 11, 12, 13, 14, 15, 16};
        int[] bStored = {-9, -9, -9, 100, 101, 102, 103};
        byte[] data = format212(interleave(aStored, bStored));
        // the C library sums the samples as stored, over the declared frames, before deskewing
        int aSum = checksum(Arrays.copyOf(aStored, 4)), bSum = checksum(Arrays.copyOf(bStored, 4));
        String header = "sk 2 250 4\nsk.dat 212 200 12 0 10 " + aSum + " 0 A\nsk.dat 212:3 200 12 0 -9 " + bSum + " 0 B\n";
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> data);
        assertArrayEquals(new int[]{10, 11, 12, 13}, r.samples().get(0));
        assertArrayEquals(new int[]{100, 101, 102, 103}, r.samples().get(1));
        assertEquals(List.of(), r.notes(), "B's initial value is its first sample as stored");

        String deskewedSum = header.replace(" " + bSum + " 0 B", " " + checksum(100, 101, 102, 103) + " 0 B");
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbReader.readRecord(WfdbHeader.parse(deskewedSum), name -> data));
        assertEquals("checksum", e.check());
    }

    @Test
    void skewIsWrittenInSamplesAndReadInWholeFrames() throws Exception {
        // 16x2:4 is 4 samples late, 2 frames; frames past the end of the file read as invalid
        int[] aStored = {1, 2, 3, 4, 5, 6, 7, 8};
        String header = "sk 1 100 4\nsk.dat 16x2:4 200 16 0 1 " + checksum(aStored) + " 0 A\n";
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> format16(aStored));
        assertEquals(2, r.specs().get(0).skewFrames());
        int invalid = WfdbRecord.INVALID_SAMPLE;
        assertArrayEquals(new int[]{5, 6, 7, 8, invalid, invalid, invalid, invalid}, r.samples().get(0));
        assertEquals(2, WfdbHeader.parse("r 1 500 10\nr.dat 16x3:5 200\n").signals().get(0).skewFrames(), "5/3 rounds to 2 frames");
        assertEquals(1, WfdbHeader.parse("r 1 500 10\nr.dat 16x4:2 200\n").signals().get(0).skewFrames(), "a half frame rounds up");
    }

    @Test
    void aShortFileWithoutChecksumsReadsTheFramesItHoldsAndNotesIt() throws Exception {
        int[] i = {1, 2, 3, 4, 5, 6}, ii = {-1, -2, -3, -4, -5, -6};
        // no checksum fields: nothing but the length could tell that the file is short
        String header = "short 3 250 10\nshort.dat 16 200 16 0 1\nshort.dat 16 200 16 0 -1\nshort.xyz 16 200 16 0 0 0 0 vx\n";
        Map<String, byte[]> files = Map.of("short.dat", format16(interleave(i, ii)), "short.xyz", format16(new int[10]));
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> files.get(name));
        assertEquals(6, r.frames(), "like rdsamp, the record ends where its shortest file does");
        assertArrayEquals(ii, r.samples().get(1));
        assertEquals(6, r.samples().get(2).length);
        assertEquals(1, r.notes().size(), r.notes().toString());
        WfdbNote note = r.notes().get(0);
        assertEquals("data length", note.check());
        assertNull(note.signal());
        assertTrue(note.detail().contains("short.dat holds 6 frames, the header declares 10"), note.detail());
        assertEquals(6, r.toEcg().samplesPerLead());
    }

    @Test
    void aShortFileWithAChecksumIsStillRefusedByDataLength() throws Exception {
        int[] i = {1, 2, 3, 4, 5, 6}, ii = {-1, -2, -3, -4, -5, -6};
        // one checksum in the file is enough: it was computed over 10 frames and can never match 6
        String header = "short 2 250 10\nshort.dat 16 200 16 0 1\nshort.dat 16 200 16 0 -1 1234 0 II\n";
        WfdbFormatException e = assertThrows(WfdbFormatException.class,
                () -> WfdbReader.readRecord(WfdbHeader.parse(header), name -> format16(interleave(i, ii))));
        assertEquals("data length", e.check());
    }

    @Test
    void theMitBihRecordCutShortReadsWhatIsThereOnceItsChecksumsAreGone() throws Exception {
        Path hea = SharedData.require("wfdb-samples/100.hea");
        byte[] data = Files.readAllBytes(hea.resolveSibling("100.dat"));
        byte[] cut = Arrays.copyOf(data, 3 * 1000 + 1); // 1000 frames of format 212 (3 bytes each) and a stray byte
        String withoutChecksums = Files.readString(hea, StandardCharsets.ISO_8859_1)
                .replace("995 -22131 0 MLII", "995").replace("1011 20052 0 V5", "1011");
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(withoutChecksums), name -> {
            if (!name.equals("100.dat")) {
                throw new NoSuchFileException(name);
            }
            return cut;
        });
        assertEquals(1000, r.frames());
        assertEquals(995, r.samples().get(0)[0]);
        assertEquals("data length", r.notes().get(0).check());
        WfdbRecord whole = WfdbReader.readRecord(hea);
        assertArrayEquals(Arrays.copyOf(whole.samples().get(1), 1000), r.samples().get(1));
    }

    private static int checksum(int... samples) {
        int sum = 0;
        for (int v : samples) {
            sum += v;
        }
        return (short) sum;
    }

    private static int[] interleave(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        for (int f = 0; f < a.length; f++) {
            out[2 * f] = a[f];
            out[2 * f + 1] = b[f];
        }
        return out;
    }

    private static byte[] format16(int... stream) {
        byte[] out = new byte[2 * stream.length];
        for (int i = 0; i < stream.length; i++) {
            out[2 * i] = (byte) stream[i];
            out[2 * i + 1] = (byte) (stream[i] >> 8);
        }
        return out;
    }

    /** An interleaved stream packed as format 212, by the writer: one lead holding the whole stream packs the same way. */
    private static byte[] format212(int... stream) {
        Ecg carrier = new Ecg("pack", 250, List.of(new Lead("I", stream, 200, 0)), null, null, null);
        return WfdbWriter.format212(carrier).data();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
