package org.edtriage.training.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.edtriage.model.features.FeatureModel;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.Auc;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.report.RunReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The papers' question on one split, answered by paired comparisons: for each target-training fraction (nested
 * subsets), the feature model, each architecture from scratch, and each architecture after each pre-training task
 * (one body per task and architecture, pre-trained on the whole source set, fine-tuned at every fraction). Every
 * model is scored on the same random and temporal test ECGs; gains over scratch (same architecture, same
 * fraction) and over the feature model are paired bootstrap intervals on the combined test — the test ECGs
 * resampled together — not two separate intervals. With an ensemble of N, every network arm trains N members from
 * seeds {@code seed … seed + N − 1} (pre-trained members fine-tune the same body) and their mean is one more model,
 * {@code ARCH-xN}, paired like the others (its gain over scratch is over the scratch ensemble). Writes
 * {@code benchmark.json}, {@code predictions.csv} and {@code summary.md}, on a simulated cohort also what its ECGs show
 * ({@link SimulatorTruth}: {@code simulator-truth.json} and a column of the predictions); checkpoints under
 * {@code checkpoints/}.
 */
public final class Benchmark {
    public static final String NONE = "none";
    private final Progress progress;
    private final Duration budgetPerModel;
    private final Path bodies;
    private final int members;
    /** The simulator's truth scored on this run's test ECGs ({@link SimulatorTruth}); null for recorded data. */
    private ModelEvaluation truth;

    /** @param budgetPerModel wall-clock time one network may train (null: the epoch budgets alone) */
    public Benchmark(Progress progress, Duration budgetPerModel) {
        this(progress, budgetPerModel, null, 1);
    }

    /**
     * @param bodies an earlier benchmark's {@code checkpoints} folder: a body it pre-trained ({@code ARCH-TASK-body}) is
     *               fine-tuned again instead of pre-training anew — comparing fine-tuning recipes costs the fine-tuning
     *               alone. The wall time then counts the fine-tuning only, and "cut by budget" the fine-tuning's. A body
     *               is refused if it does not list its source patients or one of them is in this split's validation or
     *               test parts ({@link BodyProvenance}).
     * @param members networks per arm: 1, or an ensemble of that many seeds (each member within {@code budgetPerModel})
     */
    public Benchmark(Progress progress, Duration budgetPerModel, Path bodies, int members) {
        if (members < 1) {
            throw new IllegalArgumentException("an arm needs at least one network, got " + members);
        }
        this.progress = progress;
        this.budgetPerModel = budgetPerModel;
        this.bodies = bodies;
        this.members = members;
    }

    /** The model name of an ensemble of {@code n} networks of one architecture. */
    public static String ensembleName(String architecture, int n) {
        return architecture + "-x" + n;
    }

    /** An AUC and its 95 % interval, as benchmark.json writes it. */
    public record Interval(double value, double lower, double upper) {
        static Interval of(Auc.Estimate e) {
            return new Interval(e.value(), e.lower(), e.upper());
        }
    }

    /**
     * One model of the comparison.
     *
     * @param model           architecture, {@code FeatureModel.ARCHITECTURE}, or an ensemble ({@link #ensembleName})
     * @param pretraining     the pre-training task, {@code none} for scratch and the feature model
     * @param seed            the training seed of an ensemble's member (absent without an ensemble; scratch gains pair members
     *                        of the same seed)
     * @param auc             per test set (randomTest, temporalTest, combinedTest)
     * @param gainOverScratch AUC − AUC of the same architecture from scratch at the same fraction, combined test, paired
     *                        (absent for scratch and the feature model)
     * @param gainOverFeatures AUC − AUC of the feature model at the same fraction, combined test, paired (absent for it)
     * @param seconds         wall time to train it (a pre-trained model's includes its body's pre-training, which the
     *                        fractions share)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String model, String pretraining, double targetFraction, Long seed, Map<String, Interval> auc, Interval gainOverScratch,
                      Interval gainOverFeatures, double seconds, int trainEcgs, String checkpoint, Boolean cutByBudget) {
    }

    private record Trained(String model, String pretraining, double fraction, Long seed, ModelEvaluation evaluation, double seconds,
                           int trainEcgs, Path checkpoint, boolean cut) {
    }

    private static boolean cut(List<StageResult> stages) {
        return stages.stream().anyMatch(StageResult::budgetExhausted);
    }

    public List<Row> run(DatasetStore store, CohortSplit split, ExperimentConfig base, List<String> architectures, List<String> pretrainings,
                         List<Double> fractions, Path out) throws IOException {
        Files.createDirectories(out);
        Path checkpoints = out.resolve("checkpoints");
        Map<Double, ExperimentData> data = new LinkedHashMap<>();
        for (double f : fractions) {
            data.put(f, ExperimentData.of(split, f, 1, "benchmark " + base.name() + ", target " + percent(f)));
        }
        List<Trained> trained = new ArrayList<>();
        truth = SimulatorTruth.evaluate(store, data.get(fractions.get(0)), base).orElse(null); // the test ECGs are every fraction's
        try (PreparedSignals any = new PreparedSignals(store, FeatureModel.contract())) {
            TransferExperiment floor = new TransferExperiment(any, progress);
            for (double f : fractions) {
                long start = System.nanoTime();
                var fm = floor.featureModel(base.withName(base.name() + "-" + percent(f)), data.get(f), checkpoints.resolve("features-" + percent(f)));
                trained.add(new Trained(FeatureModel.ARCHITECTURE, NONE, f, null, fm.evaluation(), seconds(start), data.get(f).train().size(),
                        fm.checkpoint(), false));
                write(out, trained, base, split);
            }
        }
        for (String architecture : architectures) {
            try (PreparedSignals signals = new PreparedSignals(store, Architectures.build(architecture, new Head.NystromTransfer()).contract())) {
                TransferExperiment experiment = new TransferExperiment(signals, progress, budgetPerModel);
                for (double f : fractions) {
                    List<Trained> arm = new ArrayList<>();
                    for (int k = 0; k < members; k++) {
                        long seed = base.seed() + k;
                        String name = architecture + "-scratch-" + percent(f) + seedSuffix(seed);
                        long start = System.nanoTime();
                        var scratch = experiment.scratch(base.withArchitecture(architecture, NONE).withSeed(seed).withName(name), data.get(f),
                                checkpoints.resolve(name));
                        arm.add(new Trained(architecture, NONE, f, members > 1 ? seed : null, scratch.evaluation(), seconds(start),
                                data.get(f).train().size(), scratch.checkpoint(), cut(scratch.stages())));
                        trained.add(arm.get(k));
                        write(out, trained, base, split);
                    }
                    ensemble(experiment, base, architecture, NONE, f, data.get(f), arm, checkpoints, trained, out, split);
                }
                for (String task : pretrainings) {
                    if (NONE.equals(task)) {
                        continue;
                    }
                    ExperimentConfig config = base.withArchitecture(architecture, task);
                    if (data.get(fractions.get(0)).pretrainObjective(task).usesTargetLabels()) {
                        // a teacher trained on the labelled visits: one body per fraction, each from its own visits only
                        for (double f : fractions) {
                            pretrainAndFineTune(experiment, config, architecture, task, "-" + percent(f), List.of(f), data, checkpoints, trained, out, base,
                                    split);
                        }
                    } else {
                        pretrainAndFineTune(experiment, config, architecture, task, "", fractions, data, checkpoints, trained, out, base, split);
                    }
                }
            }
        }
        List<Row> rows = write(out, trained, base, split);
        if (fractions.size() > 1) {
            plot(out, rows, fractions);
        }
        return rows;
    }

    /** One body (pre-trained, or reused from {@code bodies}), fine-tuned at each of {@code fractions}. */
    private void pretrainAndFineTune(TransferExperiment experiment, ExperimentConfig config, String architecture, String task, String bodySuffix,
                                     List<Double> fractions, Map<Double, ExperimentData> data, Path checkpoints, List<Trained> trained, Path out,
                                     ExperimentConfig base, CohortSplit split) throws IOException {
        String bodyName = architecture + "-" + task + bodySuffix + "-body";
        long start = System.nanoTime();
        Path reused = bodies == null ? null : bodies.resolve(bodyName);
        Path bodyCheckpoint;
        boolean bodyCut;
        if (reused != null && Files.isRegularFile(reused.resolve("model.json"))) {
            progress.message("pre-training " + architecture + " on " + task + ": reusing the body " + reused);
            BodyProvenance.requireUnseen(reused, data.get(fractions.get(0))); // the evaluation parts are every fraction's
            bodyCheckpoint = reused;
            bodyCut = false;
        } else {
            var body = experiment.pretrain(config.withName(architecture + "-" + task + bodySuffix), data.get(fractions.get(0)),
                    checkpoints.resolve(bodyName));
            bodyCheckpoint = body.checkpoint();
            bodyCut = body.stage().budgetExhausted();
        }
        double pretrainSeconds = seconds(start);
        for (double f : fractions) {
            List<Trained> arm = new ArrayList<>();
            for (int k = 0; k < members; k++) {
                long seed = base.seed() + k;
                String name = architecture + "-" + task + "-" + percent(f) + seedSuffix(seed);
                long fineStart = System.nanoTime();
                var tuned = experiment.fineTune(config.withSeed(seed).withName(name), data.get(f), bodyCheckpoint, checkpoints.resolve(name));
                // the body's pre-training is counted once, with the first member
                arm.add(new Trained(architecture, task, f, members > 1 ? seed : null, tuned.evaluation(),
                        (k == 0 ? pretrainSeconds : 0) + seconds(fineStart), data.get(f).train().size(), tuned.checkpoint(),
                        bodyCut || cut(tuned.stages())));
                trained.add(arm.get(k));
                write(out, trained, base, split);
            }
            ensemble(experiment, base, architecture, task, f, data.get(f), arm, checkpoints, trained, out, split);
        }
    }

    private String seedSuffix(long seed) {
        return members > 1 ? "-seed" + seed : "";
    }

    /** With more than one member per arm: their mean, saved and evaluated as one more model of the benchmark. */
    private void ensemble(TransferExperiment experiment, ExperimentConfig base, String architecture, String task, double f, ExperimentData data,
                          List<Trained> arm, Path checkpoints, List<Trained> trained, Path out, CohortSplit split) throws IOException {
        if (arm.size() < 2) {
            return;
        }
        String model = ensembleName(architecture, arm.size());
        String name = model + "-" + (NONE.equals(task) ? "scratch" : task) + "-" + percent(f);
        List<TransferExperiment.FineTuned> fineTuned = arm.stream()
                .map(t -> new TransferExperiment.FineTuned(t.checkpoint(), List.of(), t.evaluation())).toList();
        var mean = experiment.ensemble(base.withArchitecture(architecture, task).withName(name), data, fineTuned, checkpoints.resolve(name));
        trained.add(new Trained(model, task, f, null, mean.evaluation(), arm.stream().mapToDouble(Trained::seconds).sum(), data.train().size(),
                mean.checkpoint(), arm.stream().anyMatch(Trained::cut)));
        write(out, trained, base, split);
    }

    /** Everything so far, after every model: a long run that stops still leaves what it measured. */
    private List<Row> write(Path out, List<Trained> trained, ExperimentConfig base, CohortSplit split) throws IOException {
        List<Row> rows = rows(trained, base);
        RunReport.JSON.writeValue(out.resolve("benchmark.json").toFile(), rows);
        predictionsCsv(out.resolve("predictions.csv"), trained, split);
        Files.writeString(out.resolve("summary.md"), summary(rows));
        if (truth != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", SimulatorTruth.NAME);
            json.put("auc", aucs(truth));
            RunReport.JSON.writeValue(out.resolve("simulator-truth.json").toFile(), json);
        }
        return rows;
    }

    /** The table, and on a simulated cohort the AUC of the simulator's truth on the same test ECGs beneath it. */
    public String summary(List<Row> rows) {
        if (truth == null) {
            return table(rows);
        }
        var t = truth.tests();
        return table(rows) + String.format(Locale.ROOT, "%nWhat the ECGs show (%s: each infarct's injury current, silent infarcts tied with the rest; "
                        + "column %s of predictions.csv): random %s, temporal %s, combined %s%n", SimulatorTruth.NAME, SimulatorTruth.NAME,
                format(Interval.of(t.get(ModelEvaluation.RANDOM).auc()), false), format(Interval.of(t.get(ModelEvaluation.TEMPORAL).auc()), false),
                format(Interval.of(t.get(ModelEvaluation.COMBINED).auc()), false));
    }

    /** Nguyen & Do's Fig. 3 for every architecture: gain over scratch against target size, one series per pre-training. */
    private static void plot(Path out, List<Row> rows, List<Double> fractions) throws IOException {
        for (String architecture : rows.stream().filter(r -> r.seed() == null).map(Row::model).filter(m -> !FeatureModel.ARCHITECTURE.equals(m))
                .distinct().toList()) {
            double[] sizes = new double[fractions.size()];
            Map<String, double[]> series = new LinkedHashMap<>();
            for (Row r : rows) {
                if (r.seed() != null) {
                    continue; // an ensemble's members: the ensemble has its own plot
                }
                int i = fractions.indexOf(r.targetFraction());
                sizes[i] = r.trainEcgs();
                String name = r.model().equals(architecture) && r.gainOverScratch() != null ? r.pretraining()
                        : FeatureModel.ARCHITECTURE.equals(r.model()) ? "feature model" : null;
                if (name == null) {
                    continue;
                }
                double gain = r.gainOverScratch() != null ? r.gainOverScratch().value() : -gainOfScratchOverFeatures(rows, architecture, r.targetFraction());
                series.computeIfAbsent(name, k -> {
                    double[] g = new double[fractions.size()];
                    java.util.Arrays.fill(g, Double.NaN);
                    return g;
                })[i] = gain;
            }
            org.edtriage.training.report.Plots.improvement(out.resolve("improvement-vs-target-size-" + architecture + ".png"),
                    architecture + ": AUC − AUC from scratch (combined test)", sizes, series);
        }
    }

    private static double gainOfScratchOverFeatures(List<Row> rows, String architecture, double fraction) {
        return rows.stream().filter(r -> r.model().equals(architecture) && NONE.equals(r.pretraining()) && r.targetFraction() == fraction
                && r.seed() == null && r.gainOverFeatures() != null).mapToDouble(r -> r.gainOverFeatures().value()).findFirst().orElse(Double.NaN);
    }

    private static List<Row> rows(List<Trained> trained, ExperimentConfig base) {
        List<Row> rows = new ArrayList<>();
        for (Trained t : trained) {
            Map<String, Interval> auc = aucs(t.evaluation());
            Trained scratch = find(trained, t.model(), NONE, t.fraction(), t.seed());
            Trained features = find(trained, FeatureModel.ARCHITECTURE, NONE, t.fraction(), null);
            rows.add(new Row(t.model(), t.pretraining(), t.fraction(), t.seed(), auc,
                    scratch == null || scratch == t || FeatureModel.ARCHITECTURE.equals(t.model()) ? null : gain(t, scratch, base),
                    features == null || features == t ? null : gain(t, features, base),
                    t.seconds(), t.trainEcgs(), t.checkpoint().toString(), t.cut() ? Boolean.TRUE : null));
        }
        return rows;
    }

    /** AUC with its interval per test set (random, temporal, combined), as benchmark.json writes them. */
    private static Map<String, Interval> aucs(ModelEvaluation evaluation) {
        Map<String, Interval> auc = new LinkedHashMap<>();
        for (String set : List.of(ModelEvaluation.RANDOM, ModelEvaluation.TEMPORAL, ModelEvaluation.COMBINED)) {
            auc.put(set, Interval.of(evaluation.tests().get(set).auc()));
        }
        return auc;
    }

    private static Interval gain(Trained a, Trained b, ExperimentConfig base) {
        return Interval.of(a.evaluation().gainOver(b.evaluation(), ModelEvaluation.COMBINED, base.bootstrap(), base.seed()));
    }

    private static Trained find(List<Trained> trained, String model, String pretraining, double fraction, Long seed) {
        return trained.stream().filter(t -> t.model().equals(model) && t.pretraining().equals(pretraining) && t.fraction() == fraction
                        && java.util.Objects.equals(t.seed(), seed)).findFirst().orElse(null);
    }

    /** One table: model, pre-training, fraction, AUC per test set, the paired gains, wall time. */
    public static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| model | pre-training | target | random test AUC (95 % CI) | temporal test AUC | combined AUC | gain over scratch (paired 95 % CI) "
                + "| vs feature model (paired) | wall s |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s%s | %s | %s (%d) |", r.model(), r.seed() == null ? "" : " (seed " + r.seed() + ")",
                    r.pretraining(), percent(r.targetFraction()), r.trainEcgs()));
            for (String set : List.of(ModelEvaluation.RANDOM, ModelEvaluation.TEMPORAL, ModelEvaluation.COMBINED)) {
                out.append(" ").append(format(r.auc().get(set), false)).append(" |");
            }
            out.append(" ").append(r.gainOverScratch() == null ? "–" : format(r.gainOverScratch(), true)).append(" |");
            out.append(" ").append(r.gainOverFeatures() == null ? "–" : format(r.gainOverFeatures(), true)).append(" |");
            out.append(String.format(Locale.ROOT, " %.0f%s |%n", r.seconds(), Boolean.TRUE.equals(r.cutByBudget()) ? " (budget ran out)" : ""));
        }
        return out.toString();
    }

    private static String format(Interval i, boolean signed) {
        return String.format(Locale.ROOT, signed ? "%+.3f (%+.3f to %+.3f)" : "%.3f (%.3f–%.3f)", i.value(), i.lower(), i.upper());
    }

    /**
     * Every model's probability of every test ECG, one column per model: what the paired comparisons were made on; on a
     * simulated cohort the simulator's truth last, to pair any model with it ({@code train compare}).
     */
    private void predictionsCsv(Path csv, List<Trained> trained, CohortSplit split) throws IOException {
        ExperimentData all = ExperimentData.of(split, "predictions");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.print("set,ecgId,patientId,ami");
            for (Trained t : trained) {
                out.print("," + t.model() + "/" + t.pretraining() + "/" + percent(t.fraction()) + (t.seed() == null ? "" : "/seed" + t.seed()));
            }
            out.println(truth == null ? "" : "," + SimulatorTruth.NAME);
            for (var set : List.of(Map.entry(ModelEvaluation.RANDOM, all.randomTest()), Map.entry(ModelEvaluation.TEMPORAL, all.temporalTest()))) {
                LabelledSet s = set.getValue();
                for (int i = 0; i < s.size(); i++) {
                    out.printf(Locale.ROOT, "%s,%s,%s,%d", set.getKey(), s.ecgIds().get(i), s.patientIds().get(i), s.targets()[i][0] > 0.5f ? 1 : 0);
                    for (Trained t : trained) {
                        out.printf(Locale.ROOT, ",%.6f", t.evaluation().probabilities().get(set.getKey())[i]);
                    }
                    out.println(truth == null ? "" : String.format(Locale.ROOT, ",%.6f", truth.probabilities().get(set.getKey())[i]));
                }
            }
        }
    }

    static String percent(double fraction) {
        return Math.round(100 * fraction) + "%";
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
