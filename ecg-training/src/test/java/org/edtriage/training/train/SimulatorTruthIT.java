package org.edtriage.training.train;

import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.eval.ModelEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The simulator's truth kept at import and scored like a model: every simulated ECG has it, only ECGs of AMI visits show an
 * injury current, the truth's AUC on each test set is what that ranking must give (visible infarcts above everything, the
 * rest tied), and a benchmark reports it beside the models and as a column to pair them with.
 */
class SimulatorTruthIT {

    @Test
    void theTruthOfEveryInfarctIsKeptAndScoredOnTheSameTestEcgs(@TempDir Path out) throws Exception {
        DatasetStore store = SimulatedDataset.store();
        CohortSplit split = SimulatedDataset.split();
        Map<String, Double> stMv = store.simulatedStMv();
        Map<String, Set<String>> labels = store.labels();
        assertEquals(store.ecgs().stream().map(e -> e.ecgId()).collect(java.util.stream.Collectors.toSet()), stMv.keySet(),
                "the truth of every simulated ECG");
        long shownInfarcts = 0, silentInfarcts = 0;
        for (var e : stMv.entrySet()) {
            boolean ami = labels.getOrDefault(e.getKey(), Set.of()).contains("AMI");
            if (!ami) {
                assertEquals(0.0, e.getValue(), e.getKey() + " shows an infarct it does not have");
            }
            shownInfarcts += ami && e.getValue() != 0 ? 1 : 0;
            silentInfarcts += ami && e.getValue() == 0 ? 1 : 0;
        }
        assertTrue(shownInfarcts > 0 && silentInfarcts > 0,
                "infarcts the ECG shows and ECG-silent ones, as the simulator makes them: " + shownInfarcts + ", " + silentInfarcts);

        ExperimentConfig config = ExperimentConfig.quick("truth", "cnn20k-beat", "none", 1, 1);
        ExperimentData data = ExperimentData.of(split, "truth");
        ModelEvaluation truth = SimulatorTruth.evaluate(store, data, config).orElseThrow();
        for (var set : Map.of(ModelEvaluation.RANDOM, data.randomTest(), ModelEvaluation.TEMPORAL, data.temporalTest()).entrySet()) {
            boolean[] ami = set.getValue().positives(0);
            int positives = 0, silent = 0;
            for (int i = 0; i < ami.length; i++) {
                if (ami[i]) {
                    positives++;
                    silent += stMv.get(set.getValue().ecgIds().get(i)) == 0 ? 1 : 0;
                }
            }
            assertTrue(positives > 0, set.getKey());
            // every visible infarct outranks every other ECG; an AMI ECG without one (silent, or recorded before the infarct
            // showed) ties with each ECG without AMI: half a win
            assertEquals((positives - silent + 0.5 * silent) / positives, truth.tests().get(set.getKey()).auc().value(), 1e-9, set.getKey());
        }

        try (DatasetStore recorded = DatasetStore.open(out.resolve("recorded"))) {
            assertTrue(SimulatorTruth.evaluate(recorded, data, config).isEmpty(), "no truth for data the simulator did not make");
        }

        Benchmark benchmark = new Benchmark(Progress.NONE, null);
        List<Benchmark.Row> rows = benchmark.run(store, split, config, List.of(), List.of("none"), List.of(1.0), out.resolve("benchmark"));
        assertEquals(List.of("features-gbt"), rows.stream().map(Benchmark.Row::model).toList(), "the truth is not a model of the table");
        assertTrue(benchmark.summary(rows).contains(SimulatorTruth.NAME));
        assertTrue(Files.exists(out.resolve("benchmark/simulator-truth.json")));
        List<String> csv = Files.readAllLines(out.resolve("benchmark/predictions.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int ami = header.indexOf("ami"), column = header.indexOf(SimulatorTruth.NAME);
        assertEquals(header.size() - 1, column, header.toString());
        for (String line : csv.subList(1, csv.size())) {
            String[] row = line.split(",");
            assertEquals(header.size(), row.length);
            if (row[ami].equals("0")) {
                assertEquals(0.0, Double.parseDouble(row[column]), line);
            }
        }
    }
}
