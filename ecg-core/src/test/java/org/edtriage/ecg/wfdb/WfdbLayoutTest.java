package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Record layouts the public samples do not cover: multi-segment, skew, samples per frame, format 212 writing. */
class WfdbLayoutTest {

    @Test
    void format212RecordsWrittenAreReadBackExactlyIncludingAnOddSampleCount() {
        int[] a = {0, 1, -1, 2047, -2048, 100, -100};
        int[] b = {5, -5, 300, -300, 2000, -2000, 7};
        Ecg ecg = new Ecg("f212", 360, List.of(new Lead("I", a, 200, 0), new Lead("II", b, 200, 0)), Instant.parse("2026-11-22T08:15:30.250Z"), 70, Sex.MALE);
        WfdbWriter.WfdbFiles files = WfdbWriter.format212(ecg);
        assertEquals(SignalFormat.F212.bytesFor(14), files.data().length);
        Ecg back = WfdbReader.read(files.header(), files.data());
        assertArrayEquals(a, back.leads().get(0).samples());
        assertArrayEquals(b, back.leads().get(1).samples());
        assertEquals(ecg.acquiredAt(), back.acquiredAt());
        Ecg single = new Ecg("odd", 360, List.of(new Lead("I", a, 200, 0)), null, null, null);
        assertArrayEquals(a, WfdbReader.read(WfdbWriter.format212(single).header(), WfdbWriter.format212(single).data()).leads().get(0).samples());
    }

    @Test
    void format212RefusesSamplesBeyond12Bits() {
        Ecg ecg = new Ecg("wide", 360, List.of(new Lead("I", new int[]{2048}, 200, 0)), null, null, null);
        assertThrows(IllegalArgumentException.class, () -> WfdbWriter.format212(ecg));
    }

    @Test
    void multiSegmentRecordsJoinTheirSegmentsAndFillGapsWithInvalidSamples() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        Ecg s1 = new Ecg("seg1", 250, List.of(new Lead("I", new int[]{1, 2, 3}, 100, 0), new Lead("II", new int[]{4, 5, 6}, 100, 0)), null, null, null);
        Ecg s2 = new Ecg("seg2", 250, List.of(new Lead("II", new int[]{7, 8}, 200, 0)), null, null, null); // II only, other gain
        put(files, WfdbWriter.format16(s1));
        put(files, WfdbWriter.format16(s2));
        // the layout segment names the signals of the whole record (0 samples)
        files.put("layout.hea", "layout 2 250 0\n~ 0 100/mV 16 0 0 0 0 I\n~ 0 100/mV 16 0 0 0 0 II\n".getBytes(StandardCharsets.US_ASCII));
        String master = "multi/4 2 250 7\nlayout 0\nseg1 3\n~ 2\nseg2 2\n";
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(master), name -> {
            byte[] b = files.get(name);
            if (b == null) {
                throw new java.nio.file.NoSuchFileException(name);
            }
            return b;
        });
        int invalid = WfdbRecord.INVALID_SAMPLE;
        assertArrayEquals(new int[]{1, 2, 3, invalid, invalid, invalid, invalid}, r.samples().get(0));
        // seg2's II is at gain 200: re-expressed at the layout's gain 100
        assertArrayEquals(new int[]{4, 5, 6, invalid, invalid, 4, 4}, r.samples().get(1));
    }

    @Test
    void aMissingSegmentIsRefusedByName() {
        String master = "multi/1 1 250 3\nnowhere 3\n";
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbReader.readRecord(WfdbHeader.parse(master),
                name -> {
                    throw new java.nio.file.NoSuchFileException(name);
                }));
        assertEquals("segment", e.check());
    }

    @Test
    void skewAndSamplesPerFrameAreHonoured() throws Exception {
        // two signals in one file: A with 2 samples per frame, B skewed by one frame
        // frames:          f0        f1        f2
        // stream (A A B):  1 2 10    3 4 20    5 6 30
        short[] stream = {1, 2, 10, 3, 4, 20, 5, 6, 30};
        byte[] data = new byte[stream.length * 2];
        for (int i = 0; i < stream.length; i++) {
            data[2 * i] = (byte) stream[i];
            data[2 * i + 1] = (byte) (stream[i] >> 8);
        }
        // B's initial value and checksum are of its samples as stored (10, 20), as the C library writes and checks them
        String header = "sk 2 100 2\nsk.dat 16x2 200 16 0 1 10 0 A\nsk.dat 16:1 200 16 0 10 30 0 B\n";
        WfdbRecord r = WfdbReader.readRecord(WfdbHeader.parse(header), name -> data);
        assertArrayEquals(new int[]{1, 2, 3, 4}, r.samples().get(0));
        assertArrayEquals(new int[]{20, 30}, r.samples().get(1));
        Ecg ecg = r.toEcg(); // read at frame rate, A averaged per frame
        assertEquals(100, ecg.samplingRateHz());
        assertArrayEquals(new int[]{2, 4}, ecg.leads().get(0).samples()); // (1+2)/2 and (3+4)/2 round half up, as WFDB 10.7 does
    }

    @Test
    void aTruncatedFileAndAFlippedByteAreRefusedWithTheRightCheck() throws Exception {
        Path hea = SharedData.require("wfdb-samples/100.hea");
        byte[] header = Files.readAllBytes(hea);
        byte[] data = Files.readAllBytes(hea.resolveSibling("100.dat"));
        byte[] flipped = data.clone();
        flipped[300_000] ^= 0x01;
        WfdbFormatException checksum = assertThrows(WfdbFormatException.class, () -> WfdbReader.read(header, flipped));
        assertEquals("checksum", checksum.check());
        WfdbFormatException truncated = assertThrows(WfdbFormatException.class,
                () -> WfdbReader.read(header, java.util.Arrays.copyOf(data, data.length - 3)));
        assertEquals("data length", truncated.check());
    }

    private static void put(Map<String, byte[]> files, WfdbWriter.WfdbFiles f) {
        files.put(f.headerFileName(), f.header());
        files.put(f.dataFileName(), f.data());
    }
}
