package org.edtriage.training.train;

import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.imports.SimulatedCohortImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Nguyen & Do's mode between two imported datasets (two simulated sites): multi-label pre-training, fine-tuning, scratch. */
class NguyenDoExperimentIT {

    @Test
    void multiLabelTransferBetweenTwoDatasetsReportsMacroAucWithCiAndWeightedF1(@TempDir Path root) throws Exception {
        try (DatasetStore store = DatasetStore.open(root.resolve("dataset"))) {
            SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(31, 300).withAmiIncidence(0.3)), store, "site-a", n -> { });
            SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(32, 250).withAmiIncidence(0.3)), store, "site-b", n -> { });
            List<String> sourceLabels = MultiLabelData.frequentLabels(store, "site-a", 10);
            List<String> targetLabels = MultiLabelData.frequentLabels(store, "site-b", 10);
            assertTrue(sourceLabels.contains("AMI"), sourceLabels.toString());
            MultiLabelData source = MultiLabelData.of(store, "site-a", sourceLabels, 1);
            MultiLabelData target = MultiLabelData.of(store, "site-b", targetLabels, 1);
            Set<String> trainPatients = new HashSet<>(target.train().patientIds());
            target.test().patientIds().forEach(p -> assertFalse(trainPatients.contains(p), "patient-level split"));
            try (PreparedSignals signals = new PreparedSignals(store, Architectures.cnn20k(new Head.Binary()).contract())) {
                ExperimentConfig config = ExperimentConfig.quick("two-sites", "cnn20k", "none", 1, 2);
                NguyenDoExperiment.Result r = new NguyenDoExperiment(signals, Progress.console(System.out)).run(config, source, target,
                        root.resolve("run"));
                for (NguyenDoExperiment.Score s : List.of(r.transfer(), r.scratchScore())) {
                    assertTrue(s.lower() <= s.macroAuc() && s.macroAuc() <= s.upper(), s.toString());
                    assertTrue(s.weightedF1() >= 0 && s.weightedF1() <= 1, s.toString());
                    assertEquals(targetLabels.size(), s.perLabelAuc().size());
                }
                assertEquals(r.transfer().macroAuc() - r.scratchScore().macroAuc(), r.gain(), 1e-12);
                assertTrue(Files.readString(root.resolve("run/summary.md")).contains("macro AUC"));
                assertTrue(Files.exists(root.resolve("run/transfer/model.json")));
                System.out.print(Files.readString(root.resolve("run/summary.md")));
            }
        }
    }
}
