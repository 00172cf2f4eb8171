package org.edtriage.deploy.cli;

import org.edtriage.schemas.KafkaConnection;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.cohort.CohortSplitter;
import org.edtriage.training.cohort.LeakageCheck;
import org.edtriage.training.cohort.ResearchCohort;
import org.edtriage.training.cohort.SplitConfig;
import org.edtriage.training.cohort.SplitReport;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.imports.CohortFolderImport;
import org.edtriage.training.imports.PtbXlImport;
import org.edtriage.training.imports.SimulatedCohortImport;
import org.edtriage.model.store.ModelStore;
import org.edtriage.training.release.ReleaseGate;
import org.edtriage.training.release.TrainingCycle;
import org.edtriage.training.report.RunReport;
import org.edtriage.training.train.Augmentation;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.Recipe;
import org.edtriage.training.train.Schedule;
import org.edtriage.training.train.ExperimentData;
import org.edtriage.training.train.Progress;
import org.edtriage.training.train.StagePlan;
import org.edtriage.training.train.Sweep;
import org.edtriage.training.train.TransferExperiment;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Instant;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.mapping.ModelReleases;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./triage train …}: the training service's work, by hand: import, pre-train, fine-tune, experiments, sweeps, releases. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Build a dataset, run the papers' transfer-learning experiments, release and roll back models.",
        subcommands = {TrainCommand.Import.class, TrainCommand.Pretrain.class, TrainCommand.FineTune.class, TrainCommand.Experiment.class,
                TrainCommand.SweepCommand.class, TrainBenchmark.class, TrainCompare.class, TrainDemoModel.class, TrainCommand.Release.class, TrainCommand.Rollback.class})
public final class TrainCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Where the dataset lives and which cohort of it an experiment uses. */
    static final class DataOptions {
        @Option(names = "--dataset", defaultValue = "var/dataset", description = "Dataset store folder (default ${DEFAULT-VALUE})")
        Path dataset;
        @Option(names = "--cohort", defaultValue = "ed",
                description = "ed (chest-pain visits, Nyström's rules) or SOURCE:LABEL for a research import, e.g. ptbxl:MI (default ${DEFAULT-VALUE})")
        String cohort;
        @Option(names = "--target-share", defaultValue = "0.5", description = "Research cohorts: share of patients in the target task (default ${DEFAULT-VALUE})")
        double targetShare;
        @Option(names = "--split-seed", defaultValue = "1", description = "Seed of the patient-level split (default ${DEFAULT-VALUE})")
        long splitSeed;

        CohortSplit split(DatasetStore store) {
            CohortSplitter splitter = new CohortSplitter(SplitConfig.nystrom(splitSeed));
            CohortSplit split;
            if ("ed".equals(cohort)) {
                split = splitter.split(store.visits(), store.ecgs(), store.outcomes());
            } else {
                String[] parts = cohort.split(":", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--cohort must be 'ed' or SOURCE:LABEL, e.g. ptbxl:MI; was " + cohort);
                }
                ResearchCohort.Input in = ResearchCohort.of(store, parts[0], parts[1], targetShare, splitSeed);
                split = splitter.split(in.visits(), in.ecgs(), in.outcomes());
            }
            LeakageCheck.verify(split);
            return split;
        }
    }

    /** The experiment's settings: a preset or a saved config.json, with overrides. */
    static final class ExperimentOptions {
        @Option(names = "--architecture", defaultValue = "cnn20k", description = "Architecture from ./triage models (default ${DEFAULT-VALUE})")
        String architecture;
        @Option(names = "--task", defaultValue = "age", description = "Pre-training task: " + org.edtriage.training.train.ExperimentData.PRETRAINING_TASKS + " or none (default ${DEFAULT-VALUE})")
        String task;
        @Option(names = "--preset", defaultValue = "nystrom", description = "nystrom (the paper's protocol), triage (ours: the A/B winners) or quick (2 epochs per stage) (default ${DEFAULT-VALUE})")
        String preset;
        @Option(names = "--config", description = "A config.json written by an earlier run: repeats it exactly (overrides the options above)")
        Path config;
        @Option(names = "--epochs", description = "Override every stage's maximum epochs")
        Integer epochs;
        @Option(names = "--max-batches", description = "Cap updates per epoch (quick looks at large data)")
        Integer maxBatches;
        @Option(names = "--pretrain-epochs", description = "Override the pre-training stage's maximum epochs alone")
        Integer pretrainEpochs;
        @Option(names = "--seed", defaultValue = "1", description = "Training seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--bootstrap", description = "Bootstrap resamples for CIs (preset default: 1000 for nystrom)")
        Integer bootstrap;
        @Option(names = "--positive-weight", description = "Recipe: weight of an AMI ECG in the loss")
        Double positiveWeight;
        @Option(names = "--augment", description = "Recipe: augmentation as AMPLITUDE,NOISE_MV,WANDER_MV,LEAD_DROPOUT,SHIFT (e.g. 0.1,0.02,0.1,0.1,true)")
        String augment;
        @Option(names = "--weight-decay", description = "Recipe: L2 weight decay")
        Double weightDecay;
        @Option(names = "--average-last", description = "Recipe: final weights = average of the last N epochs' (0: best epoch)")
        Integer averageLast;
        @Option(names = "--auxiliary-measurements", paramLabel = "WEIGHT",
                description = "Recipe: train the AMI head with the ECG's own measurements as a second task of this weight (0: AMI alone)")
        Double auxiliaryMeasurements;
        @Option(names = "--anneal-one-cycle", negatable = true,
                description = "Recipe: a one-cycle stage runs its schedule to the end, no early stop before it; under train benchmark's --budget-minutes the schedule is fitted to the epochs the stage's share allows")
        Boolean annealOneCycle;
        @Option(names = "--peak-rate", description = "Override the one-cycle peak learning rate of every one-cycle stage (stage 3 keeps a tenth of it)")
        Double peakRate;
        @Option(names = "--stage3", paramLabel = "KIND:RATE",
                description = "Stage 3's schedule: constant:1e-4 (the paper's) or onecycle:1e-3 (warm-up and cosine decay, as from scratch)")
        String stage3;

        ExperimentConfig config(String name) throws IOException {
            ExperimentConfig c;
            if (config != null) {
                c = RunReport.JSON.readValue(config.toFile(), ExperimentConfig.class);
            } else {
                c = ExperimentConfig.preset(preset, name, architecture, task, seed);
            }
            if (epochs != null || maxBatches != null) {
                c = c.withStages(with(c.pretrain()), with(c.stage2()), with(c.stage3()), withScratch(c));
            }
            if (bootstrap != null) {
                c = c.withBootstrap(bootstrap);
            }
            if (pretrainEpochs != null) {
                c = c.withStages(c.pretrain().withEpochs(pretrainEpochs), c.stage2(), c.stage3(), c.scratch());
            }
            Recipe r = c.recipe();
            if (positiveWeight != null) {
                r = r.withPositiveWeight(positiveWeight);
            }
            if (augment != null) {
                String[] a = augment.split(",");
                r = r.withAugmentation(new Augmentation(Double.parseDouble(a[0]), Double.parseDouble(a[1]), Double.parseDouble(a[2]),
                        Double.parseDouble(a[3]), Boolean.parseBoolean(a[4])));
            }
            if (weightDecay != null) {
                r = r.withWeightDecay(weightDecay);
            }
            if (averageLast != null) {
                r = r.withAverageLast(averageLast);
            }
            if (auxiliaryMeasurements != null) {
                r = r.withAuxiliaryMeasurements(auxiliaryMeasurements);
            }
            if (annealOneCycle != null) {
                r = r.withAnnealOneCycle(annealOneCycle);
            }
            c = c.withRecipe(r);
            if (peakRate != null) {
                c = c.withStages(rate(c.pretrain(), peakRate), rate(c.stage2(), peakRate), rate(c.stage3(), peakRate / 10), rate(c.scratch(), peakRate));
            }
            if (stage3 != null) {
                c = c.withStages(c.pretrain(), c.stage2(), c.stage3().withSchedule(Schedule.parse(stage3)), c.scratch());
            }
            return c;
        }

        private StagePlan with(StagePlan p) {
            StagePlan q = epochs == null ? p : p.withEpochs(epochs);
            return maxBatches == null ? q : q.withMaxBatchesPerEpoch(maxBatches);
        }

        private static StagePlan rate(StagePlan p, double peak) {
            return p.withSchedule("onecycle".equals(p.schedule().kind()) ? Schedule.oneCycle(peak) : Schedule.constant(peak));
        }

        private StagePlan withScratch(ExperimentConfig c) {
            StagePlan s = with(c.scratch());
            // the baseline keeps the transfer's budget: stage 2 + stage 3 epochs
            return epochs == null ? s : s.withEpochs(2 * epochs);
        }
    }

    static PreparedSignals signalsFor(DatasetStore store, String architecture) throws IOException {
        return new PreparedSignals(store, Architectures.build(architecture, new Head.NystromTransfer()).contract());
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import ECGs into the dataset store: PTB-XL, a simulated cohort, or a simulator output folder.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--dataset", defaultValue = "var/dataset", description = "Dataset store folder (default ${DEFAULT-VALUE})")
        Path dataset;
        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        static final class What {
            @Option(names = "--ptbxl", paramLabel = "DIR", description = "A PTB-XL folder (ptbxl_database.csv, scp_statements.csv, records500/)")
            Path ptbxl;
            @Option(names = "--simulate", paramLabel = "PATIENTS", description = "Simulate this many patients straight into the store")
            Integer patients;
            @Option(names = "--cohort-folder", paramLabel = "DIR", description = "What './triage simulate --out DIR' wrote")
            Path folder;
        }

        @Option(names = "--rate", defaultValue = "500", description = "PTB-XL records to read: 100 or 500 Hz (default ${DEFAULT-VALUE})")
        int rate;
        @Option(names = "--seed", defaultValue = "1", description = "Simulation seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--ami-incidence", defaultValue = "0.057", description = "Simulation: AMI per chest-pain visit (default ${DEFAULT-VALUE})")
        double amiIncidence;

        @Override
        public Integer call() throws Exception {
            try (DatasetStore store = DatasetStore.open(dataset)) {
                long start = System.nanoTime();
                if (what.ptbxl != null) {
                    PtbXlImport.Summary s = PtbXlImport.run(what.ptbxl, rate == 100 ? PtbXlImport.Rate.HZ100 : PtbXlImport.Rate.HZ500, store,
                            progress("imported %d records"));
                    System.err.println();
                    System.out.printf("PTB-XL: %d records, %d new; superclasses %s%n", s.records(), s.added(), s.superclassCounts());
                } else if (what.patients != null) {
                    var config = org.edtriage.ecg.simulate.CohortConfig.defaults(seed, what.patients).withAmiIncidence(amiIncidence);
                    long added = SimulatedCohortImport.run(new Cohort(config), store, progress("simulated %d ECGs"));
                    System.err.println();
                    System.out.printf("simulated %d patients: %d new ECGs%n", what.patients, added);
                } else {
                    long added = CohortFolderImport.run(what.folder, store, progress("imported %d rows"));
                    System.err.println();
                    System.out.printf("%s: %d new ECGs%n", what.folder, added);
                }
                System.out.printf(Locale.ROOT, "dataset %s: %s (%.1f s)%n", dataset, store.counts(), (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }

    /** Redrawn in place on a terminal; a line every 5,000 otherwise (logs). */
    static java.util.function.LongConsumer progress(String format) {
        boolean terminal = System.console() != null;
        long[] last = {0};
        return n -> {
            if (terminal) {
                System.err.printf("\r" + format, n);
            } else if (n - last[0] >= 5000) {
                System.err.printf(format + "%n", n);
                last[0] = n;
            }
        };
    }

    @Command(name = "pretrain", mixinStandardHelpOptions = true, description = "Stage 1: pre-train a body on the source patients' ECGs (--task: age, sex, their measurements, …); writes a checkpoint.")
    static final class Pretrain implements Callable<Integer> {
        @Mixin
        DataMixin data;
        @Mixin
        ExperimentMixin experiment;
        @Option(names = "--out", required = true, description = "Checkpoint folder to create")
        Path out;

        @Override
        public Integer call() throws Exception {
            DjlOffline.configure();
            try (DatasetStore store = DatasetStore.open(data.options.dataset)) {
                CohortSplit split = data.options.split(store);
                System.out.print(SplitReport.format(split));
                ExperimentConfig config = experiment.options.config("pretrain");
                try (PreparedSignals signals = signalsFor(store, config.architecture())) {
                    var result = new TransferExperiment(signals, Progress.console(System.out)).pretrain(config,
                            ExperimentData.of(split, data.options.cohort), out);
                    System.out.printf("pre-trained %s on %s: %s -> %s%n", config.architecture(), config.pretrainTask(), result.validationMetrics(), out);
                }
            }
            return 0;
        }
    }

    @Command(name = "finetune", mixinStandardHelpOptions = true, description = "Stages 2 and 3 from a pre-trained checkpoint's body; evaluates and writes a checkpoint.")
    static final class FineTune implements Callable<Integer> {
        @Mixin
        DataMixin data;
        @Mixin
        ExperimentMixin experiment;
        @Option(names = "--body", required = true, description = "A pre-trained checkpoint (from 'train pretrain')")
        Path body;
        @Option(names = "--out", required = true, description = "Checkpoint folder to create")
        Path out;

        @Override
        public Integer call() throws Exception {
            DjlOffline.configure();
            try (DatasetStore store = DatasetStore.open(data.options.dataset)) {
                CohortSplit split = data.options.split(store);
                ExperimentConfig config = experiment.options.config("finetune");
                try (PreparedSignals signals = signalsFor(store, config.architecture())) {
                    var result = new TransferExperiment(signals, Progress.console(System.out)).fineTune(config,
                            ExperimentData.of(split, data.options.cohort), body, out);
                    System.out.println(result.evaluation().metrics());
                }
            }
            return 0;
        }
    }

    @Command(name = "experiment", mixinStandardHelpOptions = true,
            description = "Pre-train, fine-tune and the scratch baseline, evaluated with bootstrap CIs; writes a report folder (JSON, CSV, PNG).")
    static final class Experiment implements Callable<Integer> {
        @Parameters(index = "0", description = "The experiment's name (the report folder's)")
        String name;
        @Mixin
        DataMixin data;
        @Mixin
        ExperimentMixin experiment;
        @Option(names = "--out", defaultValue = "var/experiments", description = "Parent of the report folder (default ${DEFAULT-VALUE})")
        Path out;
        @Option(names = "--protocol", defaultValue = "nystrom",
                description = "nystrom (age/sex pre-training, 3-stage AMI transfer) or nguyen-do (multi-label, one imported dataset to another) (default ${DEFAULT-VALUE})")
        String protocol;
        @Option(names = "--source-set", description = "nguyen-do: the imported dataset to pre-train on (its source name, e.g. ptbxl, simulator)")
        String sourceSet;
        @Option(names = "--target-set", description = "nguyen-do: the imported dataset to fine-tune and test on")
        String targetSet;
        @Option(names = "--min-label-count", defaultValue = "10", description = "nguyen-do: labels with fewer ECGs are left out (default ${DEFAULT-VALUE})")
        int minLabelCount;

        @Override
        public Integer call() throws Exception {
            DjlOffline.configure();
            Path dir = out.resolve(name);
            if (Files.exists(dir)) {
                System.err.println(dir + " exists: pick another name (runs are never overwritten)");
                return 2;
            }
            if ("nguyen-do".equals(protocol)) {
                return nguyenDo(dir);
            }
            try (DatasetStore store = DatasetStore.open(data.options.dataset)) {
                CohortSplit split = data.options.split(store);
                String table = SplitReport.format(split);
                System.out.print(table);
                ExperimentConfig config = experiment.options.config(name);
                try (PreparedSignals signals = signalsFor(store, config.architecture())) {
                    var result = new TransferExperiment(signals, Progress.console(System.out)).run(config, ExperimentData.of(split, data.options.cohort), dir);
                    RunReport.write(dir, result, table);
                    System.out.println();
                    System.out.print(RunReport.summary(result));
                    System.out.println("report: " + dir);
                }
            }
            return 0;
        }

        private int nguyenDo(Path dir) throws Exception {
            if (sourceSet == null || targetSet == null) {
                System.err.println("--protocol nguyen-do needs --source-set and --target-set (the source names of two imports)");
                return 2;
            }
            try (DatasetStore store = DatasetStore.open(data.options.dataset)) {
                ExperimentConfig config = experiment.options.config(name);
                var source = org.edtriage.training.train.MultiLabelData.of(store, sourceSet,
                        org.edtriage.training.train.MultiLabelData.frequentLabels(store, sourceSet, minLabelCount), data.options.splitSeed);
                var target = org.edtriage.training.train.MultiLabelData.of(store, targetSet,
                        org.edtriage.training.train.MultiLabelData.frequentLabels(store, targetSet, minLabelCount), data.options.splitSeed);
                System.out.printf("source %s: labels %s, %d train ECGs; target %s: labels %s, %d train, %d test ECGs%n", sourceSet, source.labels(),
                        source.train().size(), targetSet, target.labels(), target.train().size(), target.test().size());
                try (PreparedSignals signals = signalsFor(store, config.architecture())) {
                    new org.edtriage.training.train.NguyenDoExperiment(signals, Progress.console(System.out)).run(config, source, target, dir);
                }
                System.out.print(Files.readString(dir.resolve("summary.md")));
                System.out.println("report: " + dir);
            }
            return 0;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "AUC by source × target size (nested subsets): pre-train per source size, fine-tune and scratch per target size.")
    static final class SweepCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "The sweep's name (the report folder's)")
        String name;
        @Mixin
        DataMixin data;
        @Mixin
        ExperimentMixin experiment;
        @Option(names = "--source-fractions", split = ",", defaultValue = "1.0",
                description = "Source sizes (default ${DEFAULT-VALUE}; the paper's grid: 0.02,0.04,0.06,0.08,0.1,0.2,…,1.0)")
        List<Double> sources;
        @Option(names = "--target-fractions", split = ",", defaultValue = "0.05,0.1,0.25,0.5,1.0",
                description = "Target sizes, nested (default ${DEFAULT-VALUE})")
        List<Double> targets;
        @Option(names = "--tasks", split = ",", defaultValue = "agesex,measurements-agesex",
                description = "Pre-training tasks to compare beside scratch and the feature model (default ${DEFAULT-VALUE}: the paper's and the "
                        + "training service's; --task is not used here)")
        List<String> tasks;
        @Option(names = "--out", defaultValue = "var/sweeps", description = "Parent of the report folder (default ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            DjlOffline.configure();
            try (DatasetStore store = DatasetStore.open(data.options.dataset)) {
                CohortSplit split = data.options.split(store);
                ExperimentConfig config = experiment.options.config(name);
                try (PreparedSignals signals = signalsFor(store, config.architecture())) {
                    var cells = new Sweep(new TransferExperiment(signals, Progress.console(System.out)))
                            .run(config, split, tasks, sources, targets, out.resolve(name));
                    cells.forEach(c -> System.out.printf(Locale.ROOT,
                            "%-20s source %3.0f%% target %3.0f%%: transfer %.3f scratch %.3f gain %+.3f (paired 95 %% CI %+.3f to %+.3f); "
                                    + "feature model %.3f, over scratch %+.3f (%+.3f to %+.3f)%n",
                            c.task(), 100 * c.sourceFraction(), 100 * c.targetFraction(), c.transferAuc(), c.scratchAuc(), c.gain(), c.gainLower(),
                            c.gainUpper(), c.featuresAuc(), c.featuresGain(), c.featuresGainLower(), c.featuresGainUpper()));
                }
            }
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "One continuous-training cycle: split, pre-train or reuse the body, fine-tune a challenger, gate it against the champion, record the decision.")
    static final class Release implements Callable<Integer> {
        @Mixin
        DataMixin data;
        @Mixin
        ExperimentMixin experiment;
        @Option(names = "--models", defaultValue = "var/models", description = "Model store: a directory or file: URI (default ${DEFAULT-VALUE})")
        String models;
        @Option(names = "--model-name", defaultValue = "ami", description = "The released model's name (default ${DEFAULT-VALUE})")
        String modelName;
        @Option(names = "--work", defaultValue = "var/training", description = "Working folder for runs and the reusable body (default ${DEFAULT-VALUE})")
        Path work;
        @Option(names = "--reuse-body-below", defaultValue = "0.1", description = "Reuse the last body if the source grew less than this fraction (default ${DEFAULT-VALUE})")
        double reuseBelow;
        @Option(names = "--margin", defaultValue = ReleaseGate.DEFAULT_MARGIN, description = "Non-inferiority margin on the AUC difference to the champion, or with none to the feature model (default ${DEFAULT-VALUE})")
        double margin;
        @Option(names = "--gate-resamples", defaultValue = ReleaseGate.DEFAULT_RESAMPLES,
                description = "Bootstrap resamples of the gate's comparison (default ${DEFAULT-VALUE})")
        int gateResamples;
        @Option(names = "--ensemble", paramLabel = "N", defaultValue = "1",
                description = "Networks in the challenger (default ${DEFAULT-VALUE}): above 1, an ensemble of N seeds, released as one model")
        int ensemble;
        @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Publish%n")
        PublishOptions publish = new PublishOptions();

        @Override
        public Integer call() throws Exception {
            DjlOffline.configure();
            try (DatasetStore store = DatasetStore.open(data.options.dataset)) {
                ExperimentConfig config = experiment.options.config(modelName);
                ReleaseGate gate = gate(config);
                var outcome = new TrainingCycle(new TrainingCycle.Settings(modelName, config, reuseBelow, gate, work, ensemble), Progress.console(System.out))
                        .run(store, ModelStore.open(models), data.options.split(store));
                System.out.print(outcome.splitTable());
                System.out.println(outcome.decision().kind() + " " + outcome.decision().model() + " " + outcome.decision().version() + ": "
                        + outcome.decision().reason());
                if (outcome.decision().active()) {
                    publish.publish(outcome.decision());
                    return 0;
                }
                return 3;
            }
        }

        /** The same gate as the training service's, from the same defaults. */
        ReleaseGate gate(ExperimentConfig config) {
            return new ReleaseGate(margin, gateResamples, config.seed());
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Make an earlier release the active model again (logged; nothing is deleted).")
    static final class Rollback implements Callable<Integer> {
        @Option(names = "--models", defaultValue = "var/models", description = "Model store (default ${DEFAULT-VALUE})")
        String models;
        @Option(names = "--model-name", defaultValue = "ami", description = "Model name (default ${DEFAULT-VALUE})")
        String modelName;
        @Option(names = "--to", description = "The version to make active; without it, list the decisions")
        String version;
        @Option(names = "--reason", defaultValue = "manual rollback", description = "Why (logged)")
        String reason;
        @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Publish%n")
        PublishOptions publish = new PublishOptions();

        @Override
        public Integer call() throws Exception {
            ModelStore store = ModelStore.open(models);
            if (version == null) {
                for (var d : store.decisions(modelName)) {
                    System.out.printf("%s %-9s %s %s: %s%n", d.at(), d.kind(), d.version(), d.architecture(), d.reason());
                }
                System.out.println("active: " + store.active(modelName).map(ModelStore.Decision::version).orElse("none"));
                return 0;
            }
            var d = store.rollback(modelName, version, reason);
            System.out.println("active: " + d.version() + " (" + d.artifactUri() + ")");
            publish.publish(d);
            return 0;
        }
    }

    /** Where to announce a release or rollback so running scorers pick it up. */
    static final class PublishOptions {
        @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Publish the release/rollback on model.releases here (needs --registry)")
        String kafka;
        @Option(names = "--registry", paramLabel = "URL", description = "Confluent-API schema registry base URL")
        String registry;

        void publish(ModelStore.Decision d) throws Exception {
            if (kafka == null) {
                System.out.println("not published (no --kafka): running scorers keep their model");
                return;
            }
            if (registry == null) {
                throw new IllegalArgumentException("--kafka needs --registry URL");
            }
            Instant[] window = d.trainingWindow();
            ModelReleases.publish(KafkaConnection.plaintext(kafka), new Topics(new SchemaRegistryClient(registry), true), ModelReleases.of(d.model(), d.version(),
                    d.architecture(), d.artifactUri(), d.sha256(), d.metrics(), d.thresholds(), window[0], window[1], d.at(), d.reason()));
            System.out.println("published on model.releases: " + d.model() + " " + d.version());
        }
    }

    /** picocli mixins around the option groups. */
    static final class DataMixin {
        @ArgGroup(exclusive = false, heading = "Data%n")
        DataOptions options = new DataOptions();
    }

    static final class ExperimentMixin {
        @ArgGroup(exclusive = false, heading = "Experiment%n")
        ExperimentOptions options = new ExperimentOptions();
    }
}
