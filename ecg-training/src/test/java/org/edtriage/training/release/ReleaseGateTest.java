package org.edtriage.training.release;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The champion/challenger rule on scores with known separation (two Gaussians d apart: AUC = Φ(d/√2)). */
class ReleaseGateTest {
    static final int N = 1500;
    static final boolean[] LABELS = new boolean[N];

    static {
        Random r = new Random(1);
        for (int i = 0; i < N; i++) {
            LABELS[i] = r.nextDouble() < 0.15;
        }
    }

    static float[] scores(double separation, long seed) {
        Random r = new Random(seed);
        float[] s = new float[N];
        for (int i = 0; i < N; i++) {
            s[i] = (float) (r.nextGaussian() + (LABELS[i] ? separation : 0));
        }
        return s;
    }

    @Test
    void aWorseChallengerIsRefusedAndABetterOneAccepted() {
        ReleaseGate gate = new ReleaseGate(0.02, 500, 7);
        float[] champion = scores(1.4, 2);      // AUC ≈ 0.84
        ReleaseGate.Decision worse = gate.compare(scores(0.8, 3), champion, LABELS, "the champion");  // AUC ≈ 0.71
        assertFalse(worse.release(), worse.reason());
        assertTrue(worse.differenceUpper() < 0, worse.reason());
        ReleaseGate.Decision better = gate.compare(scores(2.0, 4), champion, LABELS, "the champion"); // AUC ≈ 0.92
        assertTrue(better.release(), better.reason());
        assertTrue(better.differenceLower() > 0, better.reason());
        // the same model scoring the same ECGs is "not worse": difference exactly 0
        ReleaseGate.Decision same = gate.compare(champion, champion, LABELS, "the champion");
        assertTrue(same.release(), same.reason());
        assertEquals(0, same.difference(), 1e-12);
    }

    @Test
    void theReasonNamesWhatTheChallengerWasComparedWith() {
        ReleaseGate gate = new ReleaseGate(0.02, 500, 7);
        ReleaseGate.Decision floor = gate.compare(scores(0, 6), scores(1.4, 5), LABELS, "the feature model (no champion yet)");
        assertFalse(floor.release(), floor.reason());
        assertTrue(floor.reason().contains("vs the feature model (no champion yet)"), floor.reason());
        assertTrue(floor.reason().contains("possibly worse"), floor.reason());
    }

    @Test
    void aLoneFeatureModelIsReleasedOnlyWhenShownBetterThanChance() {
        ReleaseGate gate = new ReleaseGate(0.02, 500, 7);
        ReleaseGate.Decision informative = gate.aboveChance(scores(1.4, 8), LABELS);
        assertTrue(informative.release(), informative.reason());
        assertTrue(informative.reason().endsWith("; better than chance"), informative.reason());
        ReleaseGate.Decision noise = gate.aboveChance(scores(0, 9), LABELS);
        assertFalse(noise.release(), noise.reason());
        assertTrue(noise.reason().contains("not shown better than chance"), noise.reason());
    }

    @Test
    void aGateWithoutResamplesIsRefusedAtConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReleaseGate(0.02, 0, 7));
        assertTrue(e.getMessage().contains("at least one bootstrap resample"), e.getMessage());
    }

    @Test
    void tinySetsWhereResamplesOftenHoldOneClassAreStillJudged() {
        // one AMI in three ECGs: two resamples in three lack it; they are drawn again instead of indexing an empty list
        float[] challenger = {0.9f, 0.1f, 0.2f};
        float[] champion = {0.5f, 0.5f, 0.4f};
        boolean[] labels = {true, false, false};
        for (int seed = 0; seed < 64; seed++) {
            ReleaseGate.Decision d = new ReleaseGate(0.02, 1, seed).compare(challenger, champion, labels, "the champion");
            assertTrue(Double.isFinite(d.differenceLower()), d.reason());
        }
        ReleaseGate.Decision oneClass = new ReleaseGate(0.02, 100, 1).compare(challenger, champion, new boolean[3], "the champion");
        assertFalse(oneClass.release());
        assertTrue(oneClass.reason().contains("needs AMI and non-AMI"), oneClass.reason());
    }
}
