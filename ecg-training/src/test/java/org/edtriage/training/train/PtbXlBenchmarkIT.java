package org.edtriage.training.train;

import org.edtriage.model.features.FeatureModel;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.CohortSplitter;
import org.edtriage.training.cohort.LeakageCheck;
import org.edtriage.training.cohort.ResearchCohort;
import org.edtriage.training.cohort.SplitConfig;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.imports.PtbXlImport;
import org.edtriage.training.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The benchmark's path on real ECGs (PTB-XL 500, MI vs rest): the feature model measures real median beats, the
 * median-beat network trains from scratch and after measurement pre-training on the non-MI patients, and every
 * gain is a paired interval on the same test ECGs. Far too small to decide anything (73 MI); it shows the path
 * works on real signals. Skipped, by name, without the data.
 */
class PtbXlBenchmarkIT {

    @Test
    void featureModelScratchAndMeasurementPretrainingOnRealEcgs(@TempDir Path root) throws Exception {
        Path data = PtbXlExperimentIT.ptbxl();
        try (DatasetStore store = DatasetStore.open(root.resolve("dataset"))) {
            PtbXlImport.run(data, PtbXlImport.Rate.HZ500, store, n -> { });
            ResearchCohort.Input in = ResearchCohort.of(store, PtbXlImport.SOURCE, "MI", 0.5, 1);
            CohortSplit split = new CohortSplitter(SplitConfig.nystrom(1)).split(in.visits(), in.ecgs(), in.outcomes());
            LeakageCheck.verify(split);
            ExperimentConfig config = ExperimentConfig.quick("ptbxl-benchmark", "cnn20k-beat", "none", 1, 3);
            List<Benchmark.Row> rows = new Benchmark(Progress.console(System.out), null)
                    .run(store, split, config, List.of("cnn20k-beat"), List.of("none", "measurements"), List.of(1.0), root.resolve("benchmark"));
            System.out.print(Benchmark.table(rows));

            assertEquals(List.of(FeatureModel.ARCHITECTURE + "/none", "cnn20k-beat/none", "cnn20k-beat/measurements"),
                    rows.stream().map(r -> r.model() + "/" + r.pretraining()).toList());
            for (Benchmark.Row r : rows) {
                Benchmark.Interval combined = r.auc().get(ModelEvaluation.COMBINED);
                assertTrue(combined.lower() <= combined.upper(), r.toString());
                assertTrue(combined.value() > 0.3 && combined.value() < 1, "an AUC measured on real ECGs: " + r);
            }
            Benchmark.Row pretrained = rows.get(2);
            assertNotNull(pretrained.gainOverScratch(), "the pre-trained network's gain over scratch");
            assertTrue(pretrained.gainOverScratch().lower() <= pretrained.gainOverScratch().upper());
            assertNull(rows.get(1).gainOverScratch(), "scratch has no gain over itself");
            assertNotNull(rows.get(1).gainOverFeatures());
            var json = RunReport.JSON.readTree(root.resolve("benchmark/benchmark.json").toFile());
            assertEquals(3, json.size());
            for (String field : List.of("model", "pretraining", "targetFraction", "auc", "seconds")) {
                assertTrue(json.get(0).has(field), field);
            }
            assertTrue(json.get(2).path("gainOverScratch").has("lower"));
            assertTrue(Files.readAllLines(root.resolve("benchmark/predictions.csv")).size() > 50);

            // a second fine-tuning recipe on the first run's body: fine-tuned again, not pre-trained anew
            ExperimentConfig short1 = ExperimentConfig.quick("ptbxl-benchmark", "cnn20k-beat", "none", 1, 1); // the mechanics, not a result
            ExperimentConfig oneCycle = short1.withStages(short1.pretrain(), short1.stage2(), short1.stage3().withSchedule(Schedule.parse("onecycle:1e-3")),
                    short1.scratch());
            List<Benchmark.Row> again = new Benchmark(Progress.console(System.out), null, root.resolve("benchmark/checkpoints"), 1)
                    .run(store, split, oneCycle, List.of("cnn20k-beat"), List.of("none", "measurements"), List.of(1.0), root.resolve("again"));
            assertEquals(3, again.size());
            assertNotNull(again.get(2).gainOverScratch());
            assertFalse(Files.exists(root.resolve("again/checkpoints/cnn20k-beat-measurements-body")), "the body was reused");
            assertTrue(Files.isRegularFile(root.resolve("again/checkpoints/cnn20k-beat-measurements-100%/model.json")));
        }
    }
}
