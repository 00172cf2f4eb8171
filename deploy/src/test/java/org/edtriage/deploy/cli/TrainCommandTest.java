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

    @Test
    void theSweepComparesThePapersAndTheTrainingServicesPretrainingByDefault() {
        TrainCommand.SweepCommand sweep = new TrainCommand.SweepCommand();
        new CommandLine(sweep).parseArgs("NAME");
        assertEquals(java.util.List.of("agesex", "measurements-agesex"), sweep.tasks);
    }

    @Test
    void compareTakesABenchmarksOneModelWithoutANameButNotTheSimulatorsTruth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path csv = dir.resolve("predictions.csv");
        java.nio.file.Files.writeString(csv, "set,ecgId,patientId,ami,features-gbt/none/100%,simulator-truth\n"
                + "randomTest,e1,p1,1,0.9,0.3\nrandomTest,e2,p2,0,0.1,0.0\n");
        assertEquals(java.util.List.of(0.9f, 0.1f), TrainCompare.read(csv.toString()).probability());
        assertEquals(java.util.List.of(0.3f, 0.0f), TrainCompare.read(csv + ":simulator-truth").probability());
    }
}
