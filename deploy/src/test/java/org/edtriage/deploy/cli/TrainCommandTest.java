package org.edtriage.deploy.cli;

import org.edtriage.training.release.ReleaseGate;
import org.edtriage.training.train.ExperimentConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** `train release` builds its gate from the same defaults as the training service, and takes every one as an option. */
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
}
