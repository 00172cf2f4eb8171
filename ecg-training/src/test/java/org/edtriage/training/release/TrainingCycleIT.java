package org.edtriage.training.release;

import org.edtriage.model.store.ModelStore;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.imports.SimulatedCohortImport;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.Progress;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Continuous training end to end on a tiny simulated ED: first release, body reuse, store log, rollback, tamper refusal. */
class TrainingCycleIT {

    @Test
    void cyclesReleaseRecordAndRollBack(@TempDir Path root) throws Exception {
        try (DatasetStore store = DatasetStore.open(root.resolve("dataset"))) {
            SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(17, 500).withAmiIncidence(0.2)), store, n -> { });
            ModelStore models = ModelStore.open(root.resolve("models").toString());
            ExperimentConfig config = ExperimentConfig.quick("ami", "cnn20k", "sex", 1, 1);
            // a gate that lets anything through (a 1-epoch model on 35 test ECGs may score at chance or below): this test is
            // about the cycle's mechanics, ReleaseGateTest about the rule
            TrainingCycle.Settings settings = new TrainingCycle.Settings("ami", config, 0.1, new ReleaseGate(2.0, 200, 1), root.resolve("work"));
            TrainingCycle cycle = new TrainingCycle(settings, Progress.NONE);

            TrainingCycle.Outcome first = cycle.run(store, models);
            assertFalse(first.bodyReused());
            assertTrue(first.decision().active(), first.decision().reason());
            assertTrue(first.decision().reason().contains("the feature model (no champion yet)"), first.decision().reason());
            String v1 = first.decision().version();
            assertEquals(first.decision().sha256(), Checkpoint.verifySums(models.checkpoint("ami", v1)));
            assertFalse(models.trainingPatients("ami", v1).isEmpty());

            TrainingCycle.Outcome second = cycle.run(store, models); // nothing new: the body is reused, the champion compared
            assertTrue(second.bodyReused());
            assertTrue(second.decision().reason().contains("vs champion"), second.decision().reason());
            assertTrue(second.decision().reason().matches("(?s).*; this cycle's feature model on them: AUC [01]\\.\\d{3}.*"),
                    "the floor stays in sight: " + second.decision().reason());
            assertEquals(2, models.decisions("ami").size());

            ModelStore.Decision back = models.rollback("ami", v1, "test");
            assertEquals(v1, models.active("ami").orElseThrow().version());
            assertEquals(ModelStore.Decision.ROLLBACK, back.kind());
            assertThrows(IOException.class, () -> models.rollback("ami", "no-such-version", "test"));

            // an altered release cannot be rolled back to
            Files.writeString(models.checkpoint("ami", v1).resolve("model.json"), "{}");
            IOException altered = assertThrows(IOException.class, () -> models.rollback("ami", v1, "test"));
            assertTrue(altered.getMessage().contains("cannot be verified") || altered.getMessage().contains("altered"), altered.getMessage());
        }
    }

    @Test
    void anEnsembleChallengerIsReleasedAsOneModel(@TempDir Path root) throws Exception {
        try (DatasetStore store = DatasetStore.open(root.resolve("dataset"))) {
            SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(17, 500).withAmiIncidence(0.2)), store, n -> { });
            ModelStore models = ModelStore.open(root.resolve("models").toString());
            ExperimentConfig config = ExperimentConfig.quick("ami", "cnn20k", "none", 1, 1);
            // the permissive gate of the test above: the mechanics, not the rule
            TrainingCycle.Outcome outcome = new TrainingCycle(new TrainingCycle.Settings("ami", config, 0.1, new ReleaseGate(2.0, 200, 1),
                    root.resolve("work"), 2), Progress.NONE).run(store, models);
            assertTrue(outcome.decision().active(), outcome.decision().reason());
            assertEquals(Checkpoint.ENSEMBLE, outcome.decision().architecture());
            Path released = models.checkpoint("ami", outcome.decision().version());
            assertEquals(outcome.decision().sha256(), Checkpoint.verifySums(released));
            try (var scorer = org.edtriage.model.Scorers.fromCheckpoint(released, 1)) {
                assertEquals(2, ((org.edtriage.model.EnsembleScorer) scorer).members().size());
                scorer.smokeTest();
            }
            assertTrue(Files.isDirectory(outcome.report().resolve("challenger-seed1")) && Files.isDirectory(outcome.report().resolve("challenger-seed2")),
                    "each member is kept in the run's folder");
        }
        IllegalArgumentException continued = assertThrows(IllegalArgumentException.class, () -> new TrainingCycle.Settings("ami",
                ExperimentConfig.quick("ami", "cnn20k", TrainingCycle.CONTINUE, 1, 1), 0.1, new ReleaseGate(2.0, 200, 1), root, 2));
        assertTrue(continued.getMessage().contains("continuing the champion trains one network"), continued.getMessage());
    }

    @Test
    void onlyDirectoriesAndFileUrisAreModelStores() {
        IOException e = assertThrows(IOException.class, () -> ModelStore.open("s3://bucket/models"));
        assertTrue(e.getMessage().contains("s3"), e.getMessage());
    }
}
