package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class InputContractTest {

    @Test
    void centredPaddingPutsTheRecordInTheMiddleAsRibeirosCodeDoes() {
        InputContract contract = new InputContract(List.of("I"), 400, 4096).withPadding(InputContract.Padding.CENTER);
        float[][] x = contract.prepare(constantEcg(400, 4000, 1000)); // 10 s of 1 mV at 400 Hz
        assertEquals(4096, x[0].length);
        assertEquals(0f, x[0][47]);
        assertEquals(1f, x[0][48], 1e-3);
        assertEquals(1f, x[0][4047], 1e-3);
        assertEquals(0f, x[0][4048]);
    }

    @Test
    void endPaddingIsTheDefault() {
        float[][] x = new InputContract(List.of("I"), 400, 4096).prepare(constantEcg(400, 4000, 1000));
        assertEquals(1f, x[0][0], 1e-3);
        assertEquals(0f, x[0][4000]);
    }

    @Test
    void perLeadZscoreGivesUnitVarianceAndLeavesAFlatLeadAtZero() {
        InputContract contract = new InputContract(List.of("I", "II"), 100, 1000)
                .withNormalisation(InputContract.Normalisation.PER_LEAD_ZSCORE);
        int n = 1000;
        int[] sine = new int[n];
        for (int i = 0; i < n; i++) {
            sine[i] = (int) (500 + 800 * Math.sin(2 * Math.PI * i / 80.0));
        }
        Ecg ecg = new Ecg("z", 100, List.of(new Lead("I", sine, 1000, 0), new Lead("II", new int[n], 1000, 0)),
                Instant.EPOCH, null, null);
        float[][] x = contract.prepare(ecg);
        double mean = 0, sq = 0;
        for (float v : x[0]) {
            mean += v;
        }
        mean /= n;
        for (float v : x[0]) {
            sq += (v - mean) * (v - mean);
        }
        assertEquals(0, mean, 1e-4);
        assertEquals(1, sq / n, 1e-3);
        for (float v : x[1]) {
            assertEquals(0f, v);
        }
    }

    @Test
    void inferenceWindowsAreEquidistantAndCoverTheRecord() {
        Windowing w = new Windowing(1250, 10);
        int[] offsets = w.inferenceOffsets(5000);
        assertEquals(10, offsets.length);
        assertEquals(0, offsets[0]);
        assertEquals(5000 - 1250, offsets[9]);
        for (int i = 1; i < offsets.length; i++) {
            int step = offsets[i] - offsets[i - 1];
            assertTrue(step == 416 || step == 417, "step " + step);
        }
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            int o = w.randomOffset(5000, random);
            assertTrue(o >= 0 && o <= 3750);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new InputContract(List.of("I"), 500, 1000).withWindowing(w));
    }

    private static Ecg constantEcg(double rate, int samples, int adc) {
        int[] s = new int[samples];
        java.util.Arrays.fill(s, adc);
        List<Lead> leads = new ArrayList<>();
        leads.add(new Lead("I", s, 1000, 0));
        return new Ecg("c", rate, leads, Instant.EPOCH, null, null);
    }
}
