package org.edtriage.training.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.eval.Roc;
import org.edtriage.training.eval.TestSetResult;
import org.edtriage.training.train.EpochRecord;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.StageResult;
import org.edtriage.training.train.TransferExperiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A run's report folder: {@code config.json}, {@code metrics.json}, {@code epochs.csv} (one row per
 * epoch of every stage), {@code predictions.csv}, {@code summary.md}, and the PNG plots (learning
 * curves, ROC with 95 % bands, calibration).
 */
public final class RunReport {
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {
    }

    public static void write(Path dir, TransferExperiment.Result result, String splitTable) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("config.json").toFile(), result.config());
        Files.writeString(dir.resolve("split.txt"), splitTable);
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (result.pretrain() != null) {
            metrics.put("pretrain", stage(result.pretrain(), result.pretrainMetrics()));
        }
        if (result.transfer() != null) {
            Map<String, Object> transfer = new LinkedHashMap<>();
            transfer.put("stages", result.transferStages().stream().map(s -> stage(s, Map.of())).toList());
            transfer.put("evaluation", evaluation(result.transfer()));
            metrics.put("transfer", transfer);
        }
        Map<String, Object> scratch = new LinkedHashMap<>();
        scratch.put("stages", List.of(stage(result.scratch(), Map.of())));
        scratch.put("evaluation", evaluation(result.scratchEvaluation()));
        metrics.put("scratch", scratch);
        if (result.featureModel() != null) {
            metrics.put("featureModel", Map.of("evaluation", evaluation(result.featureModel())));
        }
        if (result.transfer() != null) {
            metrics.put("aucGainOverScratch", pairedGains(result.transfer(), result.scratchEvaluation(), result.config()));
        }
        if (result.featureModel() != null) {
            Map<String, Object> overFloor = new LinkedHashMap<>();
            for (ModelEvaluation e : evaluations(result)) {
                if (e != result.featureModel()) {
                    overFloor.put(e.model(), pairedGains(e, result.featureModel(), result.config()));
                }
            }
            metrics.put("aucGainOverFeatureModel", overFloor);
        }
        JSON.writeValue(dir.resolve("metrics.json").toFile(), metrics);

        List<EpochRecord> all = new ArrayList<>();
        if (result.pretrain() != null) {
            all.addAll(result.pretrain().epochs());
        }
        result.transferStages().forEach(s -> all.addAll(s.epochs()));
        all.addAll(result.scratch().epochs());
        epochsCsv(dir.resolve("epochs.csv"), all);
        predictionsCsv(dir.resolve("predictions.csv"), result);

        if (result.pretrain() != null) {
            Plots.learningCurves(dir.resolve("learning-curves-pretrain.png"), result.config().name() + ": pre-training (" + result.config().pretrainTask() + ")",
                    result.pretrain().epochs());
        }
        List<EpochRecord> transferEpochs = new ArrayList<>();
        result.transferStages().forEach(s -> transferEpochs.addAll(s.epochs()));
        Plots.learningCurves(dir.resolve("learning-curves-transfer.png"), result.config().name() + ": stages 2 and 3", transferEpochs);
        Plots.learningCurves(dir.resolve("learning-curves-scratch.png"), result.config().name() + ": from scratch", result.scratch().epochs());
        for (String set : new String[]{ModelEvaluation.COMBINED, ModelEvaluation.TEMPORAL, ModelEvaluation.RANDOM}) {
            Map<String, Roc> curves = new LinkedHashMap<>();
            Map<String, org.edtriage.training.eval.Calibration> calibration = new LinkedHashMap<>();
            for (ModelEvaluation e : evaluations(result)) {
                curves.put(label(e, set), Roc.withBand(e.probabilities().get(set), e.labels().get(set), result.config().bootstrap(), result.config().seed()));
                calibration.put(e.model(), e.tests().get(set).calibration());
            }
            Plots.roc(dir.resolve("roc-" + set + ".png"), result.config().name() + ": ROC, " + set, curves);
            Plots.calibration(dir.resolve("calibration-" + set + ".png"), result.config().name() + ": calibration, " + set, calibration);
        }
        Files.writeString(dir.resolve("summary.md"), summary(result));
    }

    static List<ModelEvaluation> evaluations(TransferExperiment.Result result) {
        List<ModelEvaluation> out = new ArrayList<>();
        if (result.transfer() != null) {
            out.add(result.transfer());
        }
        out.add(result.scratchEvaluation());
        if (result.featureModel() != null) {
            out.add(result.featureModel());
        }
        return out;
    }

    /** AUC(a) − AUC(b) per test set with its paired bootstrap interval: {value, lower, upper}. */
    static Map<String, Map<String, Double>> pairedGains(ModelEvaluation a, ModelEvaluation b, ExperimentConfig config) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String set : new String[]{ModelEvaluation.RANDOM, ModelEvaluation.TEMPORAL, ModelEvaluation.COMBINED}) {
            var d = a.gainOver(b, set, config.bootstrap(), config.seed());
            Map<String, Double> interval = new LinkedHashMap<>();
            interval.put("value", d.value());
            interval.put("lower", d.lower());
            interval.put("upper", d.upper());
            out.put(set, interval);
        }
        return out;
    }

    private static String label(ModelEvaluation e, String set) {
        TestSetResult r = e.tests().get(set);
        return String.format(Locale.ROOT, "%s AUC %.3f (%.3f–%.3f)", e.model(), r.auc().value(), r.auc().lower(), r.auc().upper());
    }

    /** The one-screen result: AUC with CIs per test set, thresholds, times. */
    public static String summary(TransferExperiment.Result result) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(result.config().name()).append(" (").append(result.config().architecture()).append(", pre-training: ")
                .append(result.config().pretrainTask()).append(")\n\n");
        out.append("| model | random test AUC (95 % CI) | temporal test AUC | combined AUC | sens. at rule-out | spec. at rule-in | Brier |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (ModelEvaluation e : evaluations(result)) {
            out.append("| ").append(e.model());
            for (String set : new String[]{ModelEvaluation.RANDOM, ModelEvaluation.TEMPORAL, ModelEvaluation.COMBINED}) {
                var a = e.tests().get(set).auc();
                out.append(String.format(Locale.ROOT, " | %.3f (%.3f–%.3f)", a.value(), a.lower(), a.upper()));
            }
            TestSetResult combined = e.tests().get(ModelEvaluation.COMBINED);
            out.append(String.format(Locale.ROOT, " | %.3f | %.3f | %.4f |%n", combined.sensitivityAtRuleOut(), combined.specificityAtRuleIn(),
                    combined.calibration().brier()));
        }
        out.append("\n| stage | epochs run | best epoch | best validation | wall s | train ECG/s |\n|---|---|---|---|---|---|\n");
        List<StageResult> stages = new ArrayList<>();
        if (result.pretrain() != null) {
            stages.add(result.pretrain());
        }
        stages.addAll(result.transferStages());
        stages.add(result.scratch());
        for (StageResult s : stages) {
            out.append(String.format(Locale.ROOT, "| %s | %d%s | %s | %s %.4f | %.1f | %.0f |%n", s.plan().name(), s.epochs().size(),
                    s.budgetExhausted() ? " (budget ran out)" : s.stoppedEarly() ? " (stopped early)" : "",
                    s.bestEpoch() == org.edtriage.training.train.NetworkTrainer.AVERAGED ? "average of the last" : Integer.toString(s.bestEpoch()),
                    s.selection(), s.bestValue(), s.seconds(), s.samplesPerSecond()));
        }
        if (!result.pretrainMetrics().isEmpty()) {
            out.append("\nPre-training, validation:");
            result.pretrainMetrics().forEach((k, v) -> out.append(String.format(Locale.ROOT, " %s %.3f", k, v)));
            out.append('\n');
        }
        return out.toString();
    }

    static Map<String, Object> stage(StageResult s, Map<String, Double> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.plan().name());
        m.put("plan", s.plan());
        m.put("epochsRun", s.epochs().size());
        m.put("bestEpoch", s.bestEpoch());
        m.put("selection", s.selection());
        m.put("bestValue", finite(s.bestValue()));
        m.put("stoppedEarly", s.stoppedEarly());
        m.put("budgetExhausted", s.budgetExhausted());
        m.put("seconds", s.seconds());
        m.put("trainSamplesPerSecond", s.samplesPerSecond());
        if (!extra.isEmpty()) {
            m.put("validation", finite(extra));
        }
        return m;
    }

    static Map<String, Object> evaluation(ModelEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", e.model());
        m.put("validationAuc", finite(e.validationAuc()));
        m.put("thresholds", finite(Map.of("ruleOut", e.thresholds().ruleOut(), "sensitivityAtRuleOut", e.thresholds().sensitivityAtRuleOut(),
                "ruleIn", e.thresholds().ruleIn(), "specificityAtRuleIn", e.thresholds().specificityAtRuleIn())));
        Map<String, Object> tests = new LinkedHashMap<>();
        e.tests().forEach((set, r) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("ecgs", r.ecgs());
            t.put("positives", r.positives());
            t.put("auc", finite(r.auc().value()));
            t.put("aucLower", finite(r.auc().lower()));
            t.put("aucUpper", finite(r.auc().upper()));
            t.put("bootstrapResamples", r.auc().resamples());
            t.put("brier", finite(r.calibration().brier()));
            t.put("expectedCalibrationError", finite(r.calibration().expectedCalibrationError()));
            t.put("sensitivityAtRuleOut", finite(r.sensitivityAtRuleOut()));
            t.put("npvAtRuleOut", finite(r.npvAtRuleOut()));
            t.put("ruledOutShare", finite(r.ruleOutShare()));
            t.put("specificityAtRuleIn", finite(r.specificityAtRuleIn()));
            t.put("ppvAtRuleIn", finite(r.ppvAtRuleIn()));
            t.put("ruledInShare", finite(r.ruleInShare()));
            tests.put(set, t);
        });
        m.put("tests", tests);
        return m;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Map<String, Double> finite(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? null : finite(v)));
        return out;
    }

    public static void epochsCsv(Path csv, List<EpochRecord> epochs) throws IOException {
        TreeSet<String> metricNames = new TreeSet<>();
        epochs.forEach(e -> metricNames.addAll(e.validationMetrics().keySet()));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.print("stage,epoch,learning_rate,train_loss,validation_loss");
            metricNames.forEach(n -> out.print(",validation_" + n));
            out.println(",seconds,train_ecgs_per_second");
            for (EpochRecord e : epochs) {
                out.printf(Locale.ROOT, "%s,%d,%.6g,%.6g,%.6g", e.stage(), e.epoch(), e.learningRate(), e.trainLoss(), e.validationLoss());
                for (String n : metricNames) {
                    Double v = e.validationMetrics().get(n);
                    out.print(v == null ? "," : String.format(Locale.ROOT, ",%.6g", v));
                }
                out.printf(Locale.ROOT, ",%.3f,%.1f%n", e.seconds(), e.samplesPerSecond());
            }
        }
    }

    static void predictionsCsv(Path csv, TransferExperiment.Result result) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("model,set,index,ami,probability");
            for (ModelEvaluation e : evaluations(result)) {
                for (String set : e.probabilities().keySet()) {
                    if (ModelEvaluation.COMBINED.equals(set)) {
                        continue;
                    }
                    float[] p = e.probabilities().get(set);
                    boolean[] y = e.labels().get(set);
                    for (int i = 0; i < p.length; i++) {
                        out.printf(Locale.ROOT, "%s,%s,%d,%d,%.6f%n", e.model(), set, i, y[i] ? 1 : 0, p[i]);
                    }
                }
            }
        }
    }
}
