package org.edtriage.deploy.cli;

import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.SplitReport;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.imports.SimulatedCohortImport;
import org.edtriage.training.train.Benchmark;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./triage train benchmark NAME}: the comparison table on a simulated (or given) dataset. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Feature model, networks from scratch and after pre-training, at 10 %% and 100 %% of the target training set, on the same "
                + "test ECGs: AUC per test set and paired gains. Simulates the dataset first unless it exists.")
final class TrainBenchmark implements Callable<Integer> {
    @Parameters(index = "0", description = "The benchmark's name (its report folder's)")
    String name;
    @Option(names = "--patients", defaultValue = "23000",
            description = "Simulated patients when the dataset does not exist yet (default ${DEFAULT-VALUE}: ≥ 20,000 source ECGs, ≥ 7,500 target visits)")
    int patients;
    @Option(names = "--simulation-seed", defaultValue = "42", description = "Seed of the simulated cohort (default ${DEFAULT-VALUE})")
    long simulationSeed;
    @Option(names = "--budget-minutes", defaultValue = "60", description = "Wall-clock minutes one network may train (default ${DEFAULT-VALUE})")
    int budgetMinutes;
    @Option(names = "--out", defaultValue = "var/benchmarks", description = "Parent of the report folder (default ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--models", split = ",", defaultValue = "cnn20k,cnn20k-beat",
            description = "Architectures (default ${DEFAULT-VALUE}); the feature model always runs")
    List<String> models;
    @Option(names = "--pretraining", split = ",", defaultValue = "none,agesex,measurements-agesex",
            description = "Pre-training tasks per architecture (default ${DEFAULT-VALUE}; none = scratch, always run)")
    List<String> pretraining;
    @Option(names = "--fractions", split = ",", defaultValue = "0.1,1.0", description = "Target training fractions (default ${DEFAULT-VALUE})")
    List<Double> fractions;
    @Option(names = "--bodies", paramLabel = "DIR",
            description = "An earlier benchmark's checkpoints/ folder on the same dataset and split: its pre-trained bodies are fine-tuned again "
                    + "instead of pre-training anew (to compare fine-tuning recipes)")
    Path bodies;
    @Option(names = "--ensemble", paramLabel = "N", defaultValue = "1",
            description = "Networks per arm (default ${DEFAULT-VALUE}): with N > 1, each architecture and pre-training trains N members from "
                    + "seeds SEED … SEED+N−1 and their mean is one more model, ARCH-xN, saved as an ensemble checkpoint")
    int ensemble;
    @Mixin
    TrainCommand.DataMixin data;
    @Mixin
    TrainCommand.ExperimentMixin experiment;

    @Override
    public Integer call() throws Exception {
        DjlOffline.configure();
        Path dir = out.resolve(name);
        if (Files.exists(dir.resolve("benchmark.json"))) {
            System.err.println(dir + " holds a finished benchmark: pick another name (runs are never overwritten)");
            return 2;
        }
        Path dataset = data.options.dataset.equals(Path.of("var/dataset")) && !Files.exists(data.options.dataset)
                ? Path.of("var/benchmark-data/sim-" + patients + "-" + simulationSeed) : data.options.dataset;
        try (DatasetStore store = DatasetStore.open(dataset)) {
            if (store.counts().ecgs() == 0) {
                System.out.printf("simulating %d patients (seed %d) into %s ...%n", patients, simulationSeed, dataset);
                SimulatedCohortImport.run(new Cohort(CohortConfig.defaults(simulationSeed, patients)), store, TrainCommand.progress("simulated %d ECGs"));
                System.err.println();
            }
            System.out.println("dataset " + dataset + ": " + store.counts());
            CohortSplit split = data.options.split(store);
            System.out.print(SplitReport.format(split));
            ExperimentConfig base = experiment.options.config(name);
            Benchmark benchmark = new Benchmark(Progress.console(System.out), Duration.ofMinutes(budgetMinutes), bodies, ensemble);
            List<Benchmark.Row> rows = benchmark.run(store, split, base, models.stream().filter(m -> !m.isBlank()).toList(), pretraining, fractions, dir);
            System.out.println();
            System.out.print(benchmark.summary(rows));
            System.out.println("report: " + dir + " (benchmark.json, predictions.csv, summary.md, checkpoints/)");
        }
        return 0;
    }
}
