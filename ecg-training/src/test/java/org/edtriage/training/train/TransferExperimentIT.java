package org.edtriage.training.train;

import ai.djl.Model;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.cohort.LeakageCheck;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The three-stage transfer on a small simulated ED (CNN-20k, CPU, about half a minute): what each stage trains and
 * what a run writes. Whether pre-training learns is AgeSexPretrainingIT's claim, on a source set large enough to judge.
 */
class TransferExperimentIT {

    @Test
    void theTransferRunsAllThreeStagesFreezingTheBodyOnlyInStageTwo(@TempDir Path out) throws Exception {
        var split = SimulatedDataset.split();
        LeakageCheck.verify(split);
        ExperimentData data = ExperimentData.of(split, "simulated");
        try (PreparedSignals signals = new PreparedSignals(SimulatedDataset.store(), Architectures.cnn20k(new Head.Binary()).contract())) {
            ExperimentConfig config = ExperimentConfig.quick("transfer-test", "cnn20k", "sex", 2, 2);
            TransferExperiment experiment = new TransferExperiment(signals, Progress.console(System.out));
            TransferExperiment.Pretrained body = experiment.pretrain(config, data, out.resolve("pretrain"));

            // stage 2 by hand to look inside: the body and its batch-norm statistics must not move
            try (Model model = Model.newInstance("inspect", "PyTorch")) {
                EcgNetwork network = org.edtriage.model.checkpoint.Checkpoint.load(body.checkpoint(), model.getNDManager()).network()
                        .withHead(new Head.NystromTransfer());
                network.initializeHead(model.getNDManager());
                float[] bodyBefore = Parameters.flatten(network.body());
                float[] headBefore = Parameters.flatten(network.headBlock());
                NetworkTrainer trainer = new NetworkTrainer(signals, 2, Progress.NONE);
                Objective ami = new Objective.Ami(new Head.NystromTransfer());
                trainer.train(model, network, ami, data.train(), data.validation(), config.stage2());
                assertArrayEquals(bodyBefore, Parameters.flatten(network.body()), "stage 2 leaves the body (weights and running statistics) alone");
                assertFalse(Arrays.equals(headBefore, Parameters.flatten(network.headBlock())), "stage 2 trains the head");
                trainer.train(model, network, ami, data.train(), data.validation(), config.stage3());
                assertFalse(Arrays.equals(bodyBefore, Parameters.flatten(network.body())), "stage 3 trains the body");
            }

            TransferExperiment.Result result = experiment.run(config, data, out.resolve("run"));
            assertEquals(2, result.transferStages().size());
            assertTrue(result.transferStages().get(0).plan().freezeBody());
            assertFalse(result.transferStages().get(1).plan().freezeBody());
            for (ModelEvaluation e : new ModelEvaluation[]{result.transfer(), result.scratchEvaluation()}) {
                var combined = e.tests().get(ModelEvaluation.COMBINED).auc();
                assertTrue(combined.lower() <= combined.value() && combined.value() <= combined.upper(), e.model() + " " + combined);
                assertEquals(data.randomTest().size() + data.temporalTest().size(), e.tests().get(ModelEvaluation.COMBINED).ecgs());
            }
            Path report = out.resolve("report");
            RunReport.write(report, result, "split");
            for (String f : new String[]{"config.json", "metrics.json", "epochs.csv", "predictions.csv", "summary.md", "learning-curves-pretrain.png",
                    "learning-curves-transfer.png", "roc-combinedTest.png", "calibration-temporalTest.png"}) {
                assertTrue(Files.size(report.resolve(f)) > 100, f);
            }
            // the saved configuration repeats the run's settings exactly
            assertEquals(config, RunReport.JSON.readValue(report.resolve("config.json").toFile(), ExperimentConfig.class));
            System.out.print(RunReport.summary(result));
        }
    }
}
