package org.edtriage.training.train;

import org.edtriage.model.EcgScorer;
import org.edtriage.model.EnsembleScorer;
import org.edtriage.model.Scorers;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.ModelEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code train benchmark --ensemble 2}: each arm trains a member per seed, their mean is one more model paired like any
 * other, and the ensemble checkpoint it writes scores the test ECGs as the benchmark measured them.
 */
class EnsembleBenchmarkIT {

    @Test
    void membersPerSeedTheirMeanAsAModelAndACheckpointThatScoresWhatWasMeasured(@TempDir Path out) throws Exception {
        DatasetStore store = SimulatedDataset.store();
        CohortSplit split = SimulatedDataset.split();
        ExperimentConfig config = ExperimentConfig.quick("ensemble-benchmark", "cnn20k-beat", "none", 1, 1); // the mechanics, not a result
        List<Benchmark.Row> rows = new Benchmark(Progress.console(System.out), null, null, 2)
                .run(store, split, config, List.of("cnn20k-beat"), List.of("none", "agesex"), List.of(1.0), out);
        System.out.print(Benchmark.table(rows));

        assertEquals(List.of("features-gbt/none/null", "cnn20k-beat/none/1", "cnn20k-beat/none/2", "cnn20k-beat-x2/none/null",
                        "cnn20k-beat/agesex/1", "cnn20k-beat/agesex/2", "cnn20k-beat-x2/agesex/null"),
                rows.stream().map(r -> r.model() + "/" + r.pretraining() + "/" + r.seed()).toList());

        List<String> header = List.of(Files.readAllLines(out.resolve("predictions.csv")).get(0).split(","));
        double[][] p = columns(out.resolve("predictions.csv"), header.size());
        int s1 = header.indexOf("cnn20k-beat/none/100%/seed1"), s2 = header.indexOf("cnn20k-beat/none/100%/seed2");
        int mean = header.indexOf("cnn20k-beat-x2/none/100%");
        assertTrue(s1 > 0 && s2 > 0 && mean > 0, header.toString());
        assertFalse(Arrays.equals(p[s1], p[s2]), "the seeds give different networks");
        for (int i = 0; i < p[mean].length; i++) {
            // predictions.csv keeps 6 decimals: each column is within 5e-7 of what was compared
            assertEquals((p[s1][i] + p[s2][i]) / 2, p[mean][i], 2e-6, "ECG " + i + ": the ensemble is its members' mean");
        }

        // pairings: a pre-trained member against the scratch member of its seed, the ensemble against the scratch ensemble
        for (int[] pair : new int[][]{{5, 2}, {6, 3}, {4, 1}}) {
            Benchmark.Row tuned = rows.get(pair[0]), scratch = rows.get(pair[1]);
            assertEquals(tuned.auc().get(ModelEvaluation.COMBINED).value() - scratch.auc().get(ModelEvaluation.COMBINED).value(),
                    tuned.gainOverScratch().value(), 1e-6, tuned.model() + " seed " + tuned.seed());
        }
        assertNull(rows.get(3).gainOverScratch(), "the scratch ensemble is the baseline of its arm");
        assertNotNull(rows.get(3).gainOverFeatures());
        assertEquals(rows.get(1).seconds() + rows.get(2).seconds(), rows.get(3).seconds(), 1e-6, "an ensemble costs its members' time");

        // the ensemble checkpoint, served as the scoring service serves it, gives the test ECGs the probabilities measured
        Path checkpoint = Path.of(rows.get(3).checkpoint());
        assertEquals(Checkpoint.ENSEMBLE, Checkpoint.readVerifiedManifest(checkpoint).architecture());
        ExperimentData data = ExperimentData.of(split, "served");
        try (EcgScorer scorer = Scorers.fromCheckpoint(checkpoint, 1);
             PreparedSignals signals = new PreparedSignals(store, scorer.contract())) {
            assertInstanceOf(EnsembleScorer.class, scorer);
            float[] served = Evaluator.probabilities(scorer, signals, data.randomTest());
            for (int i = 0; i < served.length; i++) {
                // batches of 64 here, 32 in training's evaluation: only float summation order differs
                assertEquals(p[mean][i], served[i], 1e-4, "random-test ECG " + i);
            }
        }
    }

    /** predictions.csv as numbers, column by column (non-numeric columns left as NaN). */
    private static double[][] columns(Path csv, int width) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] row = new double[width];
            for (int c = 0; c < width; c++) {
                row[c] = c < 4 ? Double.NaN : Double.parseDouble(cells[c]);
            }
            rows.add(row);
        }
        double[][] byColumn = new double[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                byColumn[c][r] = rows.get(r)[c];
            }
        }
        return byColumn;
    }
}
