package org.edtriage.training.train;

import ai.djl.Model;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.report.Plots;
import org.edtriage.training.report.RunReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Nguyen & Do's protocol: train a multi-label diagnosis model on one dataset, fine-tune all of it with
 * a new multi-label head on another, and compare with the same architecture trained from scratch on
 * the second; judged by macro AUC (with a bootstrap CI over test ECGs) and weighted F1 at 0.5.
 * Stages: {@code config.pretrain()} on the source, {@code config.stage3()} (everything trainable) for
 * fine-tuning, {@code config.scratch()} for the baseline.
 */
public final class NguyenDoExperiment {
    private final PreparedSignals signals;
    private final Progress progress;

    public NguyenDoExperiment(PreparedSignals signals, Progress progress) {
        this.signals = signals;
        this.progress = progress;
    }

    /** Macro AUC with its interval and weighted F1, for one model on the target test set. */
    public record Score(String model, double macroAuc, double lower, double upper, double weightedF1, Map<String, Double> perLabelAuc) {
    }

    public record Result(ExperimentConfig config, StageResult pretrain, StageResult fineTune, StageResult scratch, Score transfer, Score scratchScore) {
        public double gain() {
            return transfer.macroAuc() - scratchScore.macroAuc();
        }
    }

    public Result run(ExperimentConfig config, MultiLabelData source, MultiLabelData target, Path out) throws IOException {
        Files.createDirectories(out);
        Objective sourceTask = new Objective.MultiLabel(source.labels());
        Objective targetTask = new Objective.MultiLabel(target.labels());
        NetworkTrainer trainer = new NetworkTrainer(signals, config.seed(), progress);
        StageResult pretrain;
        StageResult fineTune;
        Score transfer;
        try (Model model = Model.newInstance(config.name() + "-nguyen-do", "PyTorch")) {
            EcgNetwork network = Architectures.build(config.architecture(), sourceTask.head());
            trainer.initialize(network, model.getNDManager(), config.pretrain());
            pretrain = trainer.train(model, network, sourceTask, source.train(), source.validation(), config.pretrain());
            EcgNetwork tuned = network.withHead(targetTask.head());
            StagePlan all = new StagePlan("finetune", config.stage3().epochs(), config.stage3().batchSize(), config.stage3().schedule(),
                    config.stage3().patience(), false, config.stage3().maxBatchesPerEpoch());
            trainer.initializeHead(tuned, model.getNDManager(), all);
            fineTune = trainer.train(model, tuned, targetTask, target.train(), target.validation(), all);
            transfer = score(config.name() + "-transfer", tuned, target, config);
            Checkpoint.save(out.resolve("transfer"), tuned, TransferExperiment.manifest(config.name() + "-transfer", tuned,
                    TransferExperiment.trainingData(target.train(), target.source()), Map.of("macroAuc", transfer.macroAuc()), Map.of(), null));
        }
        StageResult scratch;
        Score baseline;
        try (Model model = Model.newInstance(config.name() + "-scratch", "PyTorch")) {
            EcgNetwork network = Architectures.build(config.architecture(), targetTask.head());
            trainer.initialize(network, model.getNDManager(), config.scratch());
            scratch = trainer.train(model, network, targetTask, target.train(), target.validation(), config.scratch());
            baseline = score(config.name() + "-scratch", network, target, config);
        }
        Result result = new Result(config, pretrain, fineTune, scratch, transfer, baseline);
        write(out, result, source, target);
        return result;
    }

    private Score score(String name, EcgNetwork network, MultiLabelData target, ExperimentConfig config) {
        float[][] outputs = NetworkTrainer.predict(network, signals, target.test(), 32);
        float[][] targets = target.test().targets();
        Objective.MultiLabel task = new Objective.MultiLabel(target.labels());
        Map<String, Double> m = task.metrics(outputs, targets);
        // percentile bootstrap over test ECGs for the macro AUC
        Random random = new Random(config.seed());
        double[] boot = new double[config.bootstrap()];
        int n = outputs.length;
        int used = 0;
        for (int b = 0; b < boot.length; b++) {
            float[][] o = new float[n][];
            float[][] t = new float[n][];
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                o[i] = outputs[j];
                t[i] = targets[j];
            }
            double v = task.metrics(o, t).get("macroAuc");
            if (!Double.isNaN(v)) {
                boot[used++] = v;
            }
        }
        double[] sorted = java.util.Arrays.copyOf(boot, used);
        java.util.Arrays.sort(sorted);
        double lower = used == 0 ? Double.NaN : sorted[(int) Math.floor(0.025 * (used - 1))];
        double upper = used == 0 ? Double.NaN : sorted[(int) Math.ceil(0.975 * (used - 1))];
        Map<String, Double> perLabel = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("auc.")) {
                perLabel.put(k.substring(4), v);
            }
        });
        return new Score(name, m.get("macroAuc"), lower, upper, m.get("weightedF1"), perLabel);
    }

    private static void write(Path out, Result r, MultiLabelData source, MultiLabelData target) throws IOException {
        RunReport.JSON.writeValue(out.resolve("config.json").toFile(), r.config());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("source", Map.of("dataset", source.source(), "labels", source.labels(), "train", source.train().size()));
        metrics.put("target", Map.of("dataset", target.source(), "labels", target.labels(), "train", target.train().size(), "test", target.test().size()));
        metrics.put("transfer", r.transfer());
        metrics.put("scratch", r.scratchScore());
        metrics.put("macroAucGain", r.gain());
        RunReport.JSON.writeValue(out.resolve("metrics.json").toFile(), metrics);
        List<EpochRecord> epochs = new ArrayList<>(r.pretrain().epochs());
        epochs.addAll(r.fineTune().epochs());
        epochs.addAll(r.scratch().epochs());
        RunReport.epochsCsv(out.resolve("epochs.csv"), epochs);
        Plots.learningCurves(out.resolve("learning-curves.png"), r.config().name() + ": " + source.source() + " → " + target.source(), epochs);
        Files.writeString(out.resolve("summary.md"), String.format(Locale.ROOT,
                "# %s: %s → %s (%s)%n%n| model | macro AUC (95 %% CI) | weighted F1 |%n|---|---|---|%n| transfer | %.3f (%.3f–%.3f) | %.3f |%n"
                        + "| scratch | %.3f (%.3f–%.3f) | %.3f |%n", r.config().name(), source.source(), target.source(), r.config().architecture(),
                r.transfer().macroAuc(), r.transfer().lower(), r.transfer().upper(), r.transfer().weightedF1(),
                r.scratchScore().macroAuc(), r.scratchScore().lower(), r.scratchScore().upper(), r.scratchScore().weightedF1()));
    }
}
