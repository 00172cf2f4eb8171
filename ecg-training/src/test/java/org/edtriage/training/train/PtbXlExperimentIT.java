package org.edtriage.training.train;

import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.CohortSplitter;
import org.edtriage.training.cohort.LeakageCheck;
import org.edtriage.training.cohort.ResearchCohort;
import org.edtriage.training.cohort.SplitConfig;
import org.edtriage.training.cohort.SplitReport;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.imports.PtbXlImport;
import org.edtriage.training.report.RunReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The research path on real ECGs ({@code ../shared/data/ptb-xl-500}): import, pre-train on age/sex of
 * the patients without MI, fine-tune MI vs rest, report with bootstrap CIs. Skipped, by name, without the data.
 */
class PtbXlExperimentIT {

    static Path ptbxl() {
        Path p = Path.of(System.getProperty("triage.shared.data", "../../shared/data")).resolve("ptb-xl-500");
        if (!Files.exists(p.resolve("ptbxl_database.csv"))) {
            System.out.println("SKIPPED " + PtbXlExperimentIT.class.getName() + ": shared data not present at " + p);
        }
        Assumptions.assumeTrue(Files.exists(p.resolve("ptbxl_database.csv")), "shared data not present: " + p + " (test skipped)");
        return p;
    }

    @Test
    void importPretrainOnNonMiPatientsFineTuneMiAndReport(@TempDir Path root) throws Exception {
        Path data = ptbxl();
        try (DatasetStore store = DatasetStore.open(root.resolve("dataset"))) {
            PtbXlImport.Summary summary = PtbXlImport.run(data, PtbXlImport.Rate.HZ500, store, n -> { });
            assertEquals(500, summary.records());
            assertEquals(500, summary.added());
            assertEquals(73, summary.superclassCounts().get("MI")); // the data README's count
            assertEquals(0, PtbXlImport.run(data, PtbXlImport.Rate.HZ500, store, n -> { }).added(), "a second import adds nothing");

            ResearchCohort.Input in = ResearchCohort.of(store, PtbXlImport.SOURCE, "MI", 0.5, 1);
            CohortSplit split = new CohortSplitter(SplitConfig.nystrom(1)).split(in.visits(), in.ecgs(), in.outcomes());
            LeakageCheck.verify(split); // PTB-XL's byte-identical pairs must not straddle parts
            System.out.print(SplitReport.format(split));
            var labels = store.labels();
            for (var e : split.sourceTrain()) {
                assertFalse(labels.getOrDefault(e.ecgId(), Set.of()).contains("MI"), "no MI ECG in pre-training: " + e.ecgId());
            }

            ExperimentData experimentData = ExperimentData.of(split, "PTB-XL 500, MI vs rest");
            try (PreparedSignals signals = new PreparedSignals(store, Architectures.cnn20k(new Head.Binary()).contract())) {
                ExperimentConfig config = ExperimentConfig.quick("ptbxl-mi", "cnn20k", "agesex", 1, 3);
                TransferExperiment.Result result = new TransferExperiment(signals, Progress.console(System.out)).run(config, experimentData,
                        root.resolve("run"));
                Path report = root.resolve("report");
                RunReport.write(report, result, SplitReport.format(split));
                String summaryText = Files.readString(report.resolve("summary.md"));
                System.out.print(summaryText);
                var auc = result.transfer().tests().get(ModelEvaluation.COMBINED).auc();
                assertTrue(auc.lower() < auc.value() && auc.value() < auc.upper(), "a real interval: " + auc);
                assertEquals(config.bootstrap(), auc.resamples());
                assertTrue(Files.readString(report.resolve("metrics.json")).contains("aucLower"));
                assertTrue(Files.size(report.resolve("roc-combinedTest.png")) > 1000);
            }
        }
    }
}
