package org.edtriage.deploy.stack;

import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.model.EcgScorer;
import org.edtriage.model.Scorers;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.store.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The model the local stack ships: the files its digest names, a manifest that says what it is, and it has learnt something. */
class DemoModelTest {
    @TempDir
    Path dir;

    @Test
    void theShippedCheckpointIsTheOneItsDigestNamesAndSaysItIsNotForClinicalUse() throws Exception {
        Path checkpoint = DemoModel.shipped(dir); // verifies every file against SHA256SUMS and SHA256SUMS against TRAINED_SHA256
        assertEquals(DemoModel.TRAINED_SHA256, Checkpoint.verifySums(checkpoint));
        ModelManifest m = Checkpoint.readVerifiedManifest(checkpoint);
        assertEquals(DemoModel.TRAINED_ARCHITECTURE, m.architecture());
        assertNotNull(m.trainingData(), "a trained model (a placeholder has no training data)");
        assertTrue(m.trainingData().description().contains("simulated data, NOT FOR CLINICAL USE"), m.trainingData().description());
        assertTrue(m.trainingData().ecgs() > 1000, "trained on " + m.trainingData().ecgs() + " ECGs");
        assertTrue(m.thresholds().get("ruleOut") < m.thresholds().get("ruleIn"), m.thresholds().toString());
    }

    @Test
    void itScoresSimulatedInfarctsAboveTheSameHeartsWithout() throws Exception {
        try (EcgScorer scorer = Scorers.fromCheckpoint(DemoModel.shipped(dir), 1)) {
            scorer.smokeTest();
            List<float[][]> normal = new ArrayList<>(), stemi = new ArrayList<>();
            for (long seed = 1; seed <= 12; seed++) {
                Instant t = Instant.parse("2026-11-30T08:00:00Z");
                normal.add(scorer.contract().prepare(EcgSynthesizer.example("n" + seed, t, 10, 72, 0, 60, Sex.MALE, seed)));
                stemi.add(scorer.contract().prepare(EcgSynthesizer.example("s" + seed, t, 10, 72, 0.3, 60, Sex.MALE, seed)));
            }
            float[] pNormal = scorer.score(normal), pStemi = scorer.score(stemi);
            int higher = 0;
            for (int i = 0; i < pNormal.length; i++) {
                higher += pStemi[i] > pNormal[i] ? 1 : 0;
            }
            // a 0.3 mV anterior injury current on the same heart and noise: an untrained network would rank it higher half the time
            assertTrue(higher >= 11, higher + " of 12 pairs ranked the infarct higher");
        }
    }

    @Test
    void aStoreWithoutAModelGetsTheShippedOneReleased() throws Exception {
        ModelStore.Decision d = DemoModel.ensureTrained(dir.resolve("models"));
        assertEquals(DemoModel.MODEL, d.model());
        assertEquals(DemoModel.TRAINED_SHA256, d.sha256());
        assertTrue(d.active());
        assertTrue(d.reason().contains("NOT FOR CLINICAL USE"), d.reason());
        assertEquals(d.version(), DemoModel.ensureTrained(dir.resolve("models")).version(), "released once");
    }
}
