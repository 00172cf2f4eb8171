package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WfdbToolsTest {

    @Test
    void checkReportsEachRecordAndCountsFailures(@TempDir Path dir) throws Exception {
        Ecg ecg = new Ecg("good", 250, List.of(new Lead("I", new int[]{1, 2, 3, 4}, 200, 0)), null, null, null);
        WfdbWriter.WfdbFiles good = WfdbWriter.format16(ecg);
        Files.write(dir.resolve("good.hea"), good.header());
        Files.write(dir.resolve("good.dat"), good.data());
        Files.write(dir.resolve("bad.hea"), new String(good.header(), StandardCharsets.US_ASCII).replace("good", "bad").getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("bad.dat"), Arrays.copyOf(good.data(), 5));
        String out = run(ps -> assertEquals(1, WfdbTools.check(List.of(dir), ps)));
        assertEquals("FAIL bad data length: WFDB record 'bad': data length failed: bad.dat holds 2 frames (5 bytes, format 16, 1 samples per frame), "
                + "the header declares 4: truncated?\nOK good 1 250 4\n", out);
    }

    @Test
    void samplesPrintLikeRdsamp() throws Exception {
        Path hea = SharedData.require("wfdb-samples/100.hea");
        // rdsamp -r 100 -t s3 / rdsamp -r 100 -P: the first rows of MIT-BIH record 100
        assertEquals("995\t1011\n995\t1011\n995\t1011\n", run(ps -> WfdbTools.samples(hea, 0, 3, List.of(), false, ps)));
        assertEquals("-0.065\t-0.145\n", run(ps -> WfdbTools.samples(hea, 0, 1, List.of(1, 0), true, ps)));
    }

    @Test
    void samplesPrintOneValuePerFrameAndInvertedSignalsLikeRdsamp(@TempDir Path dir) throws Exception {
        // frames of (A A B): A at 2 samples per frame, B recorded inverted
        short[] stream = {1, 2, 100, -3, -4, -50};
        byte[] data = new byte[2 * stream.length];
        for (int i = 0; i < stream.length; i++) {
            data[2 * i] = (byte) stream[i];
            data[2 * i + 1] = (byte) (stream[i] >> 8);
        }
        Files.write(dir.resolve("t.dat"), data);
        Path hea = Files.writeString(dir.resolve("t.hea"), "t 2 125 2\nt.dat 16x2 200 16 0 1 -4 0 A\nt.dat 16 -200 16 0 100 50 0 B\n");
        // rdsamp -r t: A's frame means round to the nearest, halves up: (1+2)/2 = 2 and (−3−4)/2 = −3
        assertEquals("2\t100\n-3\t-50\n", run(ps -> WfdbTools.samples(hea, 0, -1, List.of(), false, ps)));
        assertEquals("0.010\t-0.500\n-0.015\t0.250\n", run(ps -> WfdbTools.samples(hea, 0, -1, List.of(), true, ps)));
    }

    interface Body {
        void accept(PrintStream out) throws Exception;
    }

    private static String run(Body body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            body.accept(ps);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
