package org.edtriage.training.train;

import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.imports.SimulatedCohortImport;
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
    void theTruthOfEverySimulatedEcgIsKeptAndScoredOnTheSameTestEcgs(@TempDir Path out) throws Exception {
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
            // the AUC of ranking by the stored injury currents, counted pair by pair: an ECG of an AMI visit that shows
            // more than one without AMI wins, an equal one (most often both nothing) is half a win
            boolean[] ami = set.getValue().positives(0);
            List<String> ids = set.getValue().ecgIds();
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < ami.length; i++) {
                for (int k = 0; k < ami.length; k++) {
                    if (ami[i] && !ami[k]) {
                        float a = (float) Math.abs(stMv.get(ids.get(i))), b = (float) Math.abs(stMv.get(ids.get(k))); // as scored
                        wins += a > b ? 1 : a == b ? 0.5 : 0;
                        pairs++;
                    }
                }
            }
            assertTrue(pairs > 0, set.getKey());
            assertEquals(wins / pairs, truth.tests().get(set.getKey()).auc().value(), 1e-6, set.getKey());
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

    @Test
    void anotherCohortImportedIntoTheStoreDoesNotWriteItsTruthOverEcgsItDidNotMake(@TempDir Path dir) throws Exception {
        CohortConfig one = CohortConfig.defaults(1, 40).withAmiIncidence(0.5), two = CohortConfig.defaults(2, 40).withAmiIncidence(0.5);
        Map<String, Double> ofTwo;
        try (DatasetStore alone = DatasetStore.open(dir.resolve("two"))) {
            SimulatedCohortImport.run(new Cohort(two), alone, n -> { });
            ofTwo = alone.simulatedStMv();
        }
        try (DatasetStore store = DatasetStore.open(dir.resolve("one"))) {
            SimulatedCohortImport.run(new Cohort(one), store, n -> { });
            Map<String, Double> first = store.simulatedStMv();
            assertEquals(store.ecgs().size(), first.size());
            assertTrue(first.keySet().stream().anyMatch(id -> ofTwo.containsKey(id) && !ofTwo.get(id).equals(first.get(id))),
                    "the second seed numbers its ECGs alike and gives some of them another truth");
            SimulatedCohortImport.run(new Cohort(two), store, n -> { });
            Map<String, Double> after = store.simulatedStMv();
            first.forEach((id, st) -> assertEquals(st, after.get(id), id + " took another cohort's truth"));
            // the same cohort again changes nothing
            SimulatedCohortImport.run(new Cohort(one), store, n -> { });
            assertEquals(after, store.simulatedStMv());
        }
    }
}
