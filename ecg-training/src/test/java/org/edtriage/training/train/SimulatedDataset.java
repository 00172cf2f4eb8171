package org.edtriage.training.train;

import org.edtriage.ecg.io.Folders;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.CohortSplitter;
import org.edtriage.training.cohort.SplitConfig;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.imports.SimulatedCohortImport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small simulated ED imported into a dataset store, shared by the training tests of one JVM. */
final class SimulatedDataset {
    private static DatasetStore store;
    private static CohortSplit split;

    private SimulatedDataset() {
    }

    static synchronized DatasetStore store() throws IOException {
        if (store == null) {
            Path dir = Files.createTempDirectory("triage-dataset-");
            store = DatasetStore.open(dir);
            // shared by several test classes, so no JUnit @TempDir fits; half a gigabyte per run must not stay behind
            DatasetStore opened = store;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    opened.close();
                } catch (IOException | RuntimeException e) {
                    System.err.println("could not close the simulated dataset " + dir + ": " + e);
                }
                deleteTree(dir);
            }, "delete-simulated-dataset"));
            // STEMI-heavy so that a few epochs on a few hundred visits can learn AMI at all
            CohortConfig config = CohortConfig.defaults(5, Integer.getInteger("triage.test.patients", 900)).withAmiIncidence(0.15);
            if (Boolean.getBoolean("triage.test.clean")) {
                config = config.withNoise(org.edtriage.ecg.simulate.NoiseProfile.NONE);
            }
            SimulatedCohortImport.run(new Cohort(config), store, n -> { });
        }
        return store;
    }

    private static void deleteTree(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("could not delete the simulated dataset " + dir + ": " + e);
        }
    }

    static synchronized CohortSplit split() throws IOException {
        if (split == null) {
            DatasetStore s = store();
            split = new CohortSplitter(SplitConfig.nystrom(3)).split(s.visits(), s.ecgs(), s.outcomes());
        }
        return split;
    }
}
