package org.edtriage.deploy.cli;

import org.edtriage.ecg.io.Folders;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.SplitReport;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.imports.SimulatedCohortImport;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.ExperimentData;
import org.edtriage.training.train.Progress;
import org.edtriage.training.train.TransferExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./triage train demo-model}: the model the local stack ships, made reproducibly — a simulated ED cohort,
 * the winning recipe, one checkpoint whose manifest says it was trained on simulated data and is not for clinical
 * use. Its digest goes into {@code DemoModel.TRAINED_SHA256}, which a test checks against the shipped files.
 */
@Command(name = "demo-model", mixinStandardHelpOptions = true, defaultValueProvider = TrainDemoModel.ShippedRecipe.class,
        description = "Train the local stack's shipped model on a simulated cohort (not for clinical use) and write its checkpoint.")
final class TrainDemoModel implements Callable<Integer> {
    /**
     * Without options the command trains what ships: CNN-20k with the median beat, from scratch, with the {@code triage}
     * recipe (deploy README, "The model"). The other train commands keep the paper's defaults; a provider's value
     * overrides an option's annotated default, and an option given on the command line overrides both.
     */
    static final class ShippedRecipe implements CommandLine.IDefaultValueProvider {
        static final Map<String, String> DEFAULTS = Map.of("--preset", "triage", "--architecture", "cnn20k-beat", "--task", "none");

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            return arg instanceof CommandLine.Model.OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
        }
    }

    @Option(names = "--patients", defaultValue = "8000", description = "Simulated patients (default ${DEFAULT-VALUE})")
    int patients;
    @Option(names = "--simulation-seed", defaultValue = "20261130", description = "Seed of the simulated cohort (default ${DEFAULT-VALUE})")
    long simulationSeed;
    @Option(names = "--out", defaultValue = "deploy/src/main/resources/org/edtriage/deploy/stack/demo-model",
            description = "The checkpoint folder to write (must not exist; default ${DEFAULT-VALUE})")
    Path out;
    @Mixin
    TrainCommand.DataMixin data;
    @Mixin
    TrainCommand.ExperimentMixin experiment;

    @Override
    public Integer call() throws Exception {
        DjlOffline.configure();
        if (Files.exists(out)) {
            System.err.println(out + " exists: delete it first (checkpoints are never overwritten)");
            return 2;
        }
        Path dataset = data.options.dataset.equals(Path.of("var/dataset")) ? Path.of("var/demo-model-data/sim-" + patients + "-" + simulationSeed)
                : data.options.dataset;
        String described = String.format(Locale.ROOT, "simulated ED cohort (%,d patients, seed %d) — trained on simulated data, NOT FOR CLINICAL USE",
                patients, simulationSeed);
        try (DatasetStore store = DatasetStore.open(dataset)) {
            if (store.counts().ecgs() == 0) {
                SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(simulationSeed, patients)), store, TrainCommand.progress("simulated %d ECGs"));
                System.err.println();
            }
            CohortSplit split = data.options.split(store);
            System.out.print(SplitReport.format(split));
            ExperimentConfig config = experiment.options.config("demo-" + experiment.options.architecture);
            ExperimentData target = ExperimentData.of(split, described);
            Path work = Files.createTempDirectory("demo-model");
            try (PreparedSignals signals = TrainCommand.signalsFor(store, config.architecture())) {
                TransferExperiment run = new TransferExperiment(signals, Progress.console(System.out));
                TransferExperiment.FineTuned model;
                if ("none".equals(config.pretrainTask())) {
                    model = run.scratch(config, target, work.resolve("model"));
                } else {
                    var body = run.pretrain(config, target, work.resolve("pretrain"));
                    model = run.fineTune(config, target, body.checkpoint(), work.resolve("model"));
                }
                Files.createDirectories(out.toAbsolutePath().getParent());
                Folders.copyTree(model.checkpoint(), out);
                String sha = Checkpoint.verifySums(out);
                System.out.printf(Locale.ROOT, "%s: %s, combined-test AUC %.3f; SHA-256 %s%n(set DemoModel.TRAINED_SHA256 to it)%n", out,
                        config.architecture(), model.evaluation().tests().get("combinedTest").auc().value(), sha);
            } finally {
                Folders.deleteTree(work);
            }
        }
        return 0;
    }
}
