package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.signal.Resampler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every public record here reads, with every initial value and checksum verified. */
class SharedRecordsTest {

    @Test
    void everyWfdbSampleRecordReadsFlacIncluded() throws Exception {
        Path dir = SharedData.require("wfdb-samples");
        List<Path> headers = headers(dir);
        List<String> names = headers.stream().map(p -> p.getFileName().toString().replace(".hea", "")).toList();
        assertTrue(names.containsAll(List.of("100", "binformats", "s0010_re", "test01_00s", "flacformats", "flac_3_constant")), names.toString());
        for (Path hea : headers) {
            WfdbRecord r = WfdbReader.readRecord(hea); // every signal's checksum is verified on the way
            assertTrue(r.frames() > 0, hea.toString());
        }
    }

    @Test
    void theFlacFormatsDecodeWithTheirChecksumsAndInitialValues() throws Exception {
        // formats 508, 516 and 524: one single-channel FLAC stream each, 8, 16 and 24 bits
        WfdbRecord r = WfdbReader.readRecord(SharedData.require("wfdb-samples/flacformats.hea"));
        assertEquals(List.of(508, 516, 524), r.specs().stream().map(WfdbSignalSpec::format).toList());
        for (int s = 0; s < 3; s++) {
            assertEquals(499, r.samples().get(s).length, "format " + r.specs().get(s).format());
            assertEquals(r.specs().get(s).initialValue(), r.samples().get(s)[0], "format " + r.specs().get(s).format());
            assertTrue(r.notes().isEmpty(), r.notes().toString());
        }
        // three signals as the channels of one stream, 5.6 million samples each in 20 KB (constant subframes)
        WfdbRecord constant = WfdbReader.readRecord(SharedData.require("wfdb-samples/flac_3_constant.hea"));
        assertEquals(5_600_000, constant.frames());
        for (int s = 0; s < 3; s++) {
            int[] x = constant.samples().get(s);
            assertEquals(constant.specs().get(s).initialValue(), x[0]);
            assertEquals(x[0], x[x.length - 1], "constant throughout");
        }
    }

    @Test
    void aDamagedFlacFrameIsRefusedByItsCrc(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path dir = SharedData.require("wfdb-samples");
        java.nio.file.Files.copy(dir.resolve("flacformats.hea"), tmp.resolve("flacformats.hea"));
        for (String f : new String[]{"flacformats.d0", "flacformats.d2"}) {
            java.nio.file.Files.copy(dir.resolve(f), tmp.resolve(f));
        }
        byte[] d1 = java.nio.file.Files.readAllBytes(dir.resolve("flacformats.d1"));
        d1[d1.length - 40] ^= 0x10; // one bit inside the last frame's residuals
        java.nio.file.Files.write(tmp.resolve("flacformats.d1"), d1);
        WfdbFormatException e = assertThrows(WfdbFormatException.class, () -> WfdbReader.readRecord(tmp.resolve("flacformats.hea")));
        assertTrue(e.getMessage().contains("flacformats.d1 frame 0: CRC-16 mismatch"), e.getMessage());
    }

    @Test
    void everyPtbXlRecordReadsAtBothRates() throws Exception {
        Path dir = SharedData.require("ptb-xl-500");
        List<Path> headers = headers(dir);
        assertEquals(1000, headers.size(), "500 records at 100 Hz and at 500 Hz");
        for (Path hea : headers) {
            Ecg ecg = WfdbReader.read(hea);
            assertEquals(12, ecg.leads().size(), hea.toString());
            assertEquals(10.0, ecg.durationSeconds(), 1e-9, hea.toString());
        }
    }

    @Test
    void eachBinaryFormatDecodesToTheSameKindOfRamp() throws Exception {
        WfdbRecord r = WfdbReader.readRecord(SharedData.require("wfdb-samples/binformats.hea"));
        assertEquals(10, r.specs().size());
        assertEquals(List.of(8, 16, 61, 80, 160, 212, 310, 311, 24, 32), r.specs().stream().map(WfdbSignalSpec::format).toList());
        for (int s = 0; s < 10; s++) {
            assertEquals(499, r.samples().get(s).length, "format " + r.specs().get(s).format());
            assertEquals(r.specs().get(s).initialValue(), r.samples().get(s)[0], "format " + r.specs().get(s).format());
        }
    }

    @Test
    void frankLeadsInASecondFileJoinThe12StandardOnes() throws Exception {
        WfdbRecord r = WfdbReader.readRecord(SharedData.require("wfdb-samples/s0010_re.hea"));
        assertEquals(15, r.specs().size());
        assertEquals(List.of("vx", "vy", "vz"), r.specs().subList(12, 15).stream().map(WfdbSignalSpec::description).toList());
        assertEquals(38400, r.samples().get(14).length);
    }

    @Test
    void the100And500HzVersionsOfAPtbXlEcgAgreeAfterResampling() throws Exception {
        Path lr = SharedData.require("ptb-xl-500/records100/00000/00001_lr.hea");
        Path hr = SharedData.require("ptb-xl-500/records500/00000/00001_hr.hea");
        Ecg low = WfdbReader.read(lr);
        Ecg high = WfdbReader.read(hr);
        for (int l = 0; l < 12; l++) {
            float[] down = Resampler.resample(high.leads().get(l).millivolts(), 500, 100);
            float[] ref = low.leads().get(l).millivolts();
            double err = 0, power = 0;
            for (int i = 20; i < 980; i++) { // edges: filter start-up differs
                err += (down[i] - ref[i]) * (down[i] - ref[i]);
                power += ref[i] * ref[i];
            }
            double relative = Math.sqrt(err / power);
            System.out.printf("00001 lead %s: 100 Hz vs resampled 500 Hz relative RMS difference %.4f%n", low.leads().get(l).name(), relative);
            assertTrue(relative < 0.15, "lead " + low.leads().get(l).name() + " differs by " + relative);
        }
    }

    private static List<Path> headers(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
        }
    }
}
