package org.edtriage.deploy.cli;

import org.edtriage.training.release.ReleaseGate;
import org.edtriage.training.train.ExperimentConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * `train release` builds its gate from the same defaults as the training service, and takes every one as an option;
 * `train demo-model` without options trains what ships.
 */
class TrainCommandTest {
    private final ExperimentConfig config = ExperimentConfig.quick("t", "cnn20k", "age", 7, 1);

    @Test
    void theGatesDefaultsAreReleaseGates() {
        TrainCommand.Release release = new TrainCommand.Release();
        new CommandLine(release).parseArgs();
        assertEquals(new ReleaseGate(Double.parseDouble(ReleaseGate.DEFAULT_MARGIN), Integer.parseInt(ReleaseGate.DEFAULT_RESAMPLES), 7),
                release.gate(config));
    }

    @Test
    void everyGateSettingIsAnOption() {
        TrainCommand.Release release = new TrainCommand.Release();
        new CommandLine(release).parseArgs("--margin", "0.01", "--gate-resamples", "200");
        assertEquals(new ReleaseGate(0.01, 200, 7), release.gate(config));
    }

    @Test
    void theDemoModelCommandDefaultsToTheShippedRecipeAndTheOtherCommandsToThePapers() throws Exception {
        TrainDemoModel demo = new TrainDemoModel();
        new CommandLine(demo).parseArgs();
        assertEquals(ExperimentConfig.triage("demo-cnn20k-beat", "cnn20k-beat", "none", 1), demo.experiment.options.config("demo-cnn20k-beat"));

        TrainDemoModel overridden = new TrainDemoModel();
        new CommandLine(overridden).parseArgs("--preset", "nystrom", "--task", "age");
        assertEquals(ExperimentConfig.nystrom("x", "cnn20k-beat", "age", 1), overridden.experiment.options.config("x"));

        TrainCommand.Experiment experiment = new TrainCommand.Experiment();
        new CommandLine(experiment).parseArgs("NAME");
        assertEquals(ExperimentConfig.nystrom("x", "cnn20k", "age", 1), experiment.experiment.options.config("x"));
    }
}
