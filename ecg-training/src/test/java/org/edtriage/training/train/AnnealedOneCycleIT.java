package org.edtriage.training.train;

import ai.djl.Model;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.report.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Recipe#annealOneCycle}: a one-cycle stage trains through its last, low-rate epochs whatever its patience says,
 * and its time budget ends it through the fitted horizon. Validation here holds no AMI, so its AUC is undefined and no
 * epoch after the first is ever better: patience 1 stops a plain stage after its second epoch, whatever the network
 * learnt — a comparison that cannot depend on the machine. How the horizon follows the clock is
 * {@link OneCycleHorizonTest}'s (no wall clock in a test).
 */
class AnnealedOneCycleIT {
    private static final StagePlan PLAN = new StagePlan("scratch", 4, 32, Schedule.oneCycle(3e-3), 1, false, 0);

    @Test
    void patienceStopsAPlainOneCycleButNotAnAnnealedOneAndABudgetEndsItThroughItsHorizon() throws Exception {
        ExperimentData data = ExperimentData.of(SimulatedDataset.split(), "simulated");
        LabelledSet validation = data.validation();
        LabelledSet noAmi = new LabelledSet("validation without AMI", validation.ecgIds(), validation.patientIds(),
                new float[validation.size()][validation.targets()[0].length]);
        try (PreparedSignals signals = new PreparedSignals(SimulatedDataset.store(), Architectures.cnn20k(new Head.Binary()).contract())) {
            StageResult plain = train(signals, data, noAmi, Recipe.PAPER, null);
            assertTrue(plain.stoppedEarly(), "the control: patience 1 stops the plain stage");
            assertEquals(2, plain.epochs().size());

            StageResult annealed = train(signals, data, noAmi, Recipe.PAPER.withAnnealOneCycle(true), null);
            List<EpochRecord> epochs = annealed.epochs();
            assertEquals(PLAN.epochs(), epochs.size(), "patience does not cut an annealed one-cycle");
            assertFalse(annealed.stoppedEarly());
            double peak = PLAN.schedule().peak();
            // the last epoch's last update is one step before the cosine's end, far below the peak, where the plain stage
            // stopped above half of it
            assertTrue(epochs.get(epochs.size() - 1).learningRate() < peak / 10, "the rate ends near its floor: " + epochs);
            assertTrue(plain.epochs().get(1).learningRate() > peak / 2, "the plain stage stopped near its peak: " + plain.epochs());

            // no time at all: the horizon, first estimated after the second epoch, ends the stage there
            StageResult outOfTime = train(signals, data, noAmi, Recipe.PAPER.withAnnealOneCycle(true), Duration.ZERO);
            assertEquals(2, outOfTime.epochs().size());
            assertFalse(outOfTime.stoppedEarly());
        }
    }

    private static StageResult train(PreparedSignals signals, ExperimentData data, LabelledSet validation, Recipe recipe, Duration budget) {
        try (Model model = Model.newInstance("anneal", "PyTorch")) {
            EcgNetwork network = Architectures.cnn20k(new Head.Binary());
            NetworkTrainer trainer = new NetworkTrainer(signals, 5, Progress.NONE, recipe, budget);
            trainer.initialize(network, model.getNDManager(), PLAN);
            return trainer.train(model, network, new Objective.Ami(new Head.Binary()), data.train(), validation, PLAN);
        }
    }

    @Test
    void theRecipeSettingIsSavedAndReadBackWithTheConfig() throws Exception {
        ExperimentConfig config = ExperimentConfig.triage("x", "rn900k-beat", "none", 1)
                .withRecipe(ExperimentConfig.TRIAGE_RECIPE.withAnnealOneCycle(true));
        assertEquals(config, RunReport.JSON.readValue(RunReport.JSON.writeValueAsString(config), ExperimentConfig.class));
        var saved = (com.fasterxml.jackson.databind.node.ObjectNode) RunReport.JSON.valueToTree(ExperimentConfig.TRIAGE_RECIPE.withAnnealOneCycle(true));
        assertNotNull(saved.remove("annealOneCycle"), "the setting is saved: " + saved);
        assertFalse(RunReport.JSON.treeToValue(saved, Recipe.class).annealOneCycle(), "configs saved before the setting read as off");
    }
}
