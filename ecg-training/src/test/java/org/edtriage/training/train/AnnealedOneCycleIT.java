package org.edtriage.training.train;

import ai.djl.Model;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.report.RunReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Recipe#annealOneCycle}: a one-cycle stage trains through its last, low-rate epochs whatever its patience says.
 * The budget's part (the horizon shortened to the epochs that fit) is {@link OneCycleHorizonTest}'s: a test here would
 * hang on how fast this machine trains.
 */
class AnnealedOneCycleIT {
    private static final StagePlan PLAN = new StagePlan("scratch", 4, 32, Schedule.oneCycle(3e-3), 1, false, 0);

    @Test
    void anAnnealedOneCycleRunsToItsLowestRateWithoutEarlyStopping() throws Exception {
        ExperimentData data = ExperimentData.of(SimulatedDataset.split(), "simulated");
        try (PreparedSignals signals = new PreparedSignals(SimulatedDataset.store(), Architectures.cnn20k(new Head.Binary()).contract());
             Model model = Model.newInstance("anneal", "PyTorch")) {
            EcgNetwork network = Architectures.cnn20k(new Head.Binary());
            NetworkTrainer trainer = new NetworkTrainer(signals, 5, Progress.NONE, Recipe.PAPER.withAnnealOneCycle(true), null);
            trainer.initialize(network, model.getNDManager(), PLAN);
            StageResult result = trainer.train(model, network, new Objective.Ami(new Head.Binary()), data.train(), data.validation(), PLAN);

            List<EpochRecord> epochs = result.epochs();
            assertEquals(PLAN.epochs(), epochs.size(), "patience 1 does not cut an annealed one-cycle");
            assertFalse(result.stoppedEarly());
            assertFalse(result.budgetExhausted(), "no budget, nothing cut");
            double peak = PLAN.schedule().peak();
            // the last epoch's last update is one step before the cosine's end, far below the peak (a stage cut by patience
            // at epoch 2 or 3 would have ended above half of it)
            assertTrue(epochs.get(epochs.size() - 1).learningRate() < peak / 10, "the rate ends near its floor: " + epochs);
            assertTrue(epochs.get(0).learningRate() > peak / 2, "the first epochs train near the peak: " + epochs);
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
