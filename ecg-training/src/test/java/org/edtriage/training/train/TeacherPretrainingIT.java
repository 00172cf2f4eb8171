package org.edtriage.training.train;

import org.edtriage.model.features.FeatureModel;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.Auc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Distillation pre-training ({@link Objective.Teacher}): the feature model trained on the labelled visits labels the
 * source ECGs, and because those labels come from the visits, the benchmark pre-trains one body per target fraction,
 * each listing the visits' patients beside the source patients.
 */
class TeacherPretrainingIT {

    @Test
    void theTeachersTargetsAreItsStandardisedLogitAndRankAmiFirst() throws Exception {
        DatasetStore store = SimulatedDataset.store();
        ExperimentData data = ExperimentData.of(SimulatedDataset.split(), "teacher");
        try (PreparedSignals features = new PreparedSignals(store, FeatureModel.contract());
             TeacherTargets teacher = TeacherTargets.fit(features, data, 1)) {
            LabelledSet source = teacher.labelled(features, data.sourceTrain());
            double sum = 0, squares = 0;
            for (float[] t : source.targets()) {
                assertTrue(Float.isFinite(t[0]), "a finite target even where a tree is certain");
                sum += t[0];
                squares += t[0] * t[0];
            }
            int n = source.size();
            // standardised on exactly this set: mean 0 and SD 1 up to float rounding of the stored targets
            assertEquals(0, sum / n, 1e-4);
            assertEquals(1, Math.sqrt(squares / n - (sum / n) * (sum / n)), 1e-4);

            // the target a body learns carries the AMI signal: on test visits the teacher never saw, AMI ranks first
            LabelledSet test = data.randomTest();
            LabelledSet scored = teacher.labelled(features, test);
            float[] scores = scored.column(0);
            boolean[] ami = new boolean[test.size()];
            for (int i = 0; i < ami.length; i++) {
                ami[i] = test.targets()[i][0] > 0.5f;
            }
            // the STEMI-heavy test cohort: the feature model reaches ~0.9 here; 0.7 leaves room for its small test set
            assertTrue(Auc.of(scores, ami) > 0.7, "teacher AUC on the random test: " + Auc.of(scores, ami));
        }
    }

    @Test
    void theBenchmarkPretrainsOneBodyPerTargetFractionFromThatFractionsVisitsOnly(@TempDir Path out) throws Exception {
        DatasetStore store = SimulatedDataset.store();
        CohortSplit split = SimulatedDataset.split();
        ExperimentConfig config = ExperimentConfig.quick("teacher-benchmark", "cnn20k-beat", "none", 1, 1); // the mechanics, not a result
        List<Benchmark.Row> rows = new Benchmark(Progress.console(System.out), null)
                .run(store, split, config, List.of("cnn20k-beat"), List.of("none", "teacher"), List.of(0.5, 1.0), out);
        System.out.print(Benchmark.table(rows));

        assertEquals(List.of("features-gbt/none/0.5", "features-gbt/none/1.0", "cnn20k-beat/none/0.5", "cnn20k-beat/none/1.0",
                "cnn20k-beat/teacher/0.5", "cnn20k-beat/teacher/1.0"), rows.stream().map(r -> r.model() + "/" + r.pretraining() + "/" + r.targetFraction()).toList());
        assertNotNull(rows.get(4).gainOverScratch());
        assertNotNull(rows.get(5).gainOverScratch());

        ExperimentData half = ExperimentData.of(split, 0.5, 1, "half");
        ExperimentData all = ExperimentData.of(split, 1.0, 1, "all");
        Set<String> halfBody = BodyProvenance.read(out.resolve("checkpoints/cnn20k-beat-teacher-50%-body")).orElseThrow();
        Set<String> fullBody = BodyProvenance.read(out.resolve("checkpoints/cnn20k-beat-teacher-100%-body")).orElseThrow();
        Set<String> halfVisits = new HashSet<>(half.train().patientIds());
        Set<String> onlyInFull = new HashSet<>(all.train().patientIds());
        onlyInFull.removeAll(halfVisits);
        assertFalse(onlyInFull.isEmpty());
        assertTrue(halfBody.containsAll(halfVisits), "the teacher's visits are the body's provenance");
        assertTrue(halfBody.containsAll(half.sourceTrain().patientIds()));
        assertTrue(onlyInFull.stream().noneMatch(halfBody::contains), "the 50 % body learnt nothing from the other half's labels");
        assertTrue(fullBody.containsAll(onlyInFull));
        assertTrue(BodyProvenance.seenInEvaluation(fullBody, all).isEmpty(), "no validation or test patient taught a body");
    }
}
