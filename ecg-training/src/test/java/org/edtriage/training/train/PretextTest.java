package org.edtriage.training.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The pre-training objectives beyond the papers and the augmentation, without training a network. */
class PretextTest {

    @Test
    void theContrastiveLossIsLowWhenEachEcgsTwoViewsAgreeAndHighWhenTheyAreUnrelated() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Random r = new Random(1);
            int n = 16, d = 32;
            float[][] agree = new float[2 * n][d], unrelated = new float[2 * n][d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    float v = (float) r.nextGaussian();
                    agree[i][k] = v;
                    agree[n + i][k] = v + 0.05f * (float) r.nextGaussian();
                    unrelated[i][k] = v;
                    unrelated[n + i][k] = (float) r.nextGaussian();
                }
            }
            Objective.Contrastive c = new Objective.Contrastive(d, 0.1);
            float low = c.loss(m.create(agree), m.zeros(new ai.djl.ndarray.types.Shape(2 * n, 1))).getFloat();
            float high = c.loss(m.create(unrelated), m.zeros(new ai.djl.ndarray.types.Shape(2 * n, 1))).getFloat();
            assertTrue(low < 0.1, "matching views: " + low);
            assertTrue(high > Math.log(2 * n - 1) - 1, "unrelated views are no better than chance among 2N − 1: " + high);
            assertEquals(2, c.views());
        }
    }

    @Test
    void measurementLossLeavesOutMeasurementsThatCouldNotBeMade() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Objective.Measurements o = new Objective.Measurements(3, false, 60, 15);
            NDArray out = m.create(new float[][]{{1, 2, 3}});
            float withNaN = o.loss(out, m.create(new float[][]{{1, Float.NaN, 5}})).getFloat();
            assertEquals((0 + 4) / 2f, withNaN, 1e-6, "mean over the two measured values: (0² + 2²) / 2");
            assertEquals(3, o.head().outputs());
            assertEquals(5, new Objective.Measurements(3, true, 60, 15).head().outputs(), "age and sex after the measurements");
        }
    }

    @Test
    void aPositiveWeightCountsAnAmiEcgAsSeveral() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[][]{{0.5f}, {0.9f}});
            NDArray y = m.create(new float[][]{{1f}, {0f}});
            float plain = new Objective.Ami(new org.edtriage.model.zoo.Head.NystromTransfer()).loss(p, y).getFloat();
            float weighted = new Objective.Ami(new org.edtriage.model.zoo.Head.NystromTransfer(), 3).loss(p, y).getFloat();
            double positive = -Math.log(0.5), negative = -Math.log(0.1);
            assertEquals((positive + negative) / 2, plain, 1e-5);
            assertEquals((3 * positive + negative) / 4, weighted, 1e-5);
        }
    }

    @Test
    void augmentationShiftsAndWandersTheRhythmButOnlyScalesAndNoisesTheMedianBeat() {
        int rows = 2, rhythm = 1000, beat = 100, columns = rhythm + beat;
        float[] x = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < rhythm; i++) {
                x[r * columns + i] = i == 100 ? 1 : 0; // one spike
            }
            for (int i = 0; i < beat; i++) {
                x[r * columns + rhythm + i] = i == 40 ? 1 : 0;
            }
        }
        new Augmentation(0.2, 0, 0, 0, true).apply(x, 1, rows, columns, rhythm, 500, new Random(2));
        for (int r = 0; r < rows; r++) {
            int spike = 0;
            for (int i = 0; i < rhythm; i++) {
                if (x[r * columns + i] > 0.5) {
                    spike = i;
                }
            }
            assertNotEquals(0, spike, "the rhythm keeps its spike");
            float scale = x[r * columns + spike];
            assertTrue(scale >= 0.8 && scale <= 1.2, "scaled within ±20 %: " + scale);
            assertEquals(scale, x[r * columns + rhythm + 40], 1e-6, "the beat is scaled like its ECG, at the same place");
        }
        assertTrue(Augmentation.NONE.none());
    }
}
