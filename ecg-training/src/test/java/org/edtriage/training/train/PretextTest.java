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
    void theAuxiliaryTaskAddsItsWeightedMeasurementErrorToTheAmiLossAndIsJudgedByTheAuc() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Objective.AmiAndMeasurements o = new Objective.AmiAndMeasurements(2, 1, 0.5);
            assertEquals(3, o.head().outputs(), "P(AMI), then the measurements");
            float[][] out = {{0.8f, 1, 2}, {0.1f, 0, 0}};
            float[][] target = {{1, 1, Float.NaN}, {0, 2, 0}};
            double bce = -(Math.log(0.8) + Math.log(0.9)) / 2;
            double mse = (0 + 4 + 0) / 3.0; // the NaN is left out
            assertEquals(bce + 0.5 * mse, o.loss(m.create(out), m.create(target)).getFloat(), 1e-5);
            assertEquals(new Objective.Ami(o.head()).loss(m.create(out), m.create(target)).getFloat(), bce, 1e-5,
                    "the AMI part reads the first output only");
            assertEquals(1.0, o.metrics(out, target).get("auc"), 1e-9);
            assertEquals("auc", o.selection());
            assertThrows(IllegalArgumentException.class, () -> new Objective.AmiAndMeasurements(2, 1, 0));
        }
    }

    @Test
    void theTeacherObjectiveRegressesOneLogitAndBelongsToTheLabelledVisits() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Objective o = new Objective.Teacher();
            assertEquals(1, o.head().outputs());
            assertEquals((1 + 4) / 2f, o.loss(m.create(new float[][]{{1}, {-1}}), m.create(new float[][]{{0}, {1}})).getFloat(), 1e-6);
            assertEquals(1.0, o.metrics(new float[][]{{1}, {-1}}, new float[][]{{1}, {-1}}).get("teacherR2"), 1e-9);
            assertTrue(o.usesTargetLabels(), "a body per set of labelled visits");
            assertFalse(new Objective.Measurements(3, false, 60, 15).usesTargetLabels());
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
    void augmentationLeavesMeasurementsAfterTheSignalsAsMeasured() {
        int rows = 3, signal = 600, measured = 20, columns = signal + measured;
        float[] x = new float[rows * columns];
        Random values = new Random(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) values.nextGaussian();
        }
        float[] before = x.clone();
        // everything on, a lead dropped every time
        new Augmentation(0.3, 0.1, 0.3, 1.0, true).apply(x, 1, rows, columns, signal, 500, 500, new Random(3));
        boolean signalChanged = false;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < columns; i++) {
                int k = r * columns + i;
                if (i >= signal) {
                    assertEquals(before[k], x[k], 0f, "measurement " + (i - signal) + " of row " + r);
                } else {
                    signalChanged |= before[k] != x[k];
                }
            }
        }
        assertTrue(signalChanged, "the signals were augmented");
    }

    @Test
    void augmentationShiftsAndWandersTheRhythmButOnlyScalesAndNoisesTheMedianBeat() {
        int rows = 2, rhythm = 1000, beat = 100, columns = rhythm + beat;
        float[] x = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            x[r * columns + 100] = 1; // one spike in the rhythm
            x[r * columns + rhythm + 40] = 1; // and one in the beat
        }
        // no noise, so that what moved is the shift and what is not a spike is the wander
        new Augmentation(0.2, 0, 0.3, 0, true).apply(x, 1, rows, columns, rhythm, 500, new Random(2));
        int[] spikes = new int[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * columns;
            float scale = x[base + rhythm + 40];
            assertTrue(scale >= 0.8 && scale <= 1.2, "the beat is scaled within ±20 %: " + scale);
            for (int i = 0; i < beat; i++) {
                assertEquals(i == 40 ? scale : 0f, x[base + rhythm + i], 0f, "the beat is neither shifted nor given wander at " + i);
            }
            double wander = 0;
            for (int i = 0; i < rhythm; i++) {
                wander = Math.max(wander, Math.abs(x[base + i]));
            }
            double best = -1;
            for (int i = 0; i < rhythm; i++) {
                // the spike stands 'scale' above the slow wander around it
                double above = x[base + i] - (x[base + (i + 1) % rhythm] + x[base + (i + rhythm - 1) % rhythm]) / 2;
                if (above > best) {
                    best = above;
                    spikes[r] = i;
                }
            }
            assertEquals(scale, best, 0.05, "the rhythm's spike is scaled like the beat");
            assertTrue(wander > 0, "the rhythm has wander");
        }
        assertEquals(spikes[0], spikes[1], "every lead of an ECG is shifted by the same offset");
        assertNotEquals(100, spikes[0], "the rhythm was shifted");
        assertTrue(Augmentation.NONE.none());
    }
}
