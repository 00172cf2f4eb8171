package org.edtriage.training.train;

import org.edtriage.training.cohort.CohortSplit;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.report.Plots;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The papers' size sweeps, with the floor: for each pre-training task and source fraction a body is pre-trained
 * once; for each target fraction it is fine-tuned, and a scratch model and the feature model are trained on the
 * same target subset (once per target fraction, shared by every task and source). The gain over scratch is the
 * paired bootstrap interval of AUC(transfer) − AUC(scratch) on the same combined-test ECGs, resampled together.
 * Writes {@code sweep.csv}, per task the AUC and gain heatmaps (Nyström Fig. 5, when several source sizes run) and
 * the gain-vs-target-size plot (Nguyen & Do Fig. 3). Subsets are nested (each a strict subset of the next, by patient).
 */
public final class Sweep {
    private final TransferExperiment experiment;

    public Sweep(TransferExperiment experiment) {
        this.experiment = experiment;
    }

    /**
     * One cell: the combined-test AUC of transfer, scratch and the feature model at these sizes, and the paired gains over
     * scratch of transfer ({@code gain}) and of the feature model ({@code featuresGain}) — the same test ECGs resampled together.
     */
    public record Cell(String task, double sourceFraction, double targetFraction, int sourceEcgs, int targetEcgs, double transferAuc,
                       double transferLower, double transferUpper, double scratchAuc, double scratchLower, double scratchUpper,
                       double gain, double gainLower, double gainUpper, double featuresAuc, double featuresLower, double featuresUpper,
                       double featuresGain, double featuresGainLower, double featuresGainUpper) {
    }

    public List<Cell> run(ExperimentConfig config, CohortSplit split, List<Double> sourceFractions, List<Double> targetFractions, Path out)
            throws IOException {
        return run(config, split, List.of(config.pretrainTask()), sourceFractions, targetFractions, out);
    }

    public List<Cell> run(ExperimentConfig config, CohortSplit split, List<String> tasks, List<Double> sourceFractions, List<Double> targetFractions,
                          Path out) throws IOException {
        Files.createDirectories(out);
        Map<Double, TransferExperiment.FineTuned> scratch = new LinkedHashMap<>();
        Map<Double, TransferExperiment.FineTuned> features = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        for (String task : tasks.stream().filter(t -> !"none".equals(t)).toList()) { // scratch runs anyway
            ExperimentConfig taskConfig = config.withArchitecture(config.architecture(), task);
            Path taskDir = tasks.size() == 1 ? out : out.resolve(task);
            for (double s : sourceFractions) {
                String sLabel = label(s);
                ExperimentData sourceData = ExperimentData.of(split, 1, s, "sweep source " + sLabel);
                TransferExperiment.Pretrained body = experiment.pretrain(taskConfig.withFractions(config.name() + "-" + task + "-s" + sLabel, 1, s),
                        sourceData, taskDir.resolve("source-" + sLabel).resolve("pretrain"));
                for (double t : targetFractions) {
                    String tLabel = label(t);
                    ExperimentData data = ExperimentData.of(split, t, s, "sweep source " + sLabel + " target " + tLabel);
                    ExperimentConfig cellConfig = taskConfig.withFractions(config.name() + "-" + task + "-s" + sLabel + "-t" + tLabel, t, s);
                    TransferExperiment.FineTuned transfer = experiment.fineTune(cellConfig, data, body.checkpoint(),
                            taskDir.resolve("source-" + sLabel).resolve("target-" + tLabel));
                    if (!scratch.containsKey(t)) {
                        ExperimentConfig alone = config.withArchitecture(config.architecture(), "none").withFractions(config.name() + "-scratch-t" + tLabel, t, 0);
                        scratch.put(t, experiment.scratch(alone, data, out.resolve("scratch-target-" + tLabel)));
                        features.put(t, experiment.featureModel(alone.withName(config.name() + "-features-t" + tLabel), data,
                                out.resolve("features-target-" + tLabel)));
                    }
                    cells.add(cell(task, s, t, sourceData.sourceTrain().size(), data.train().size(), transfer.evaluation(),
                            scratch.get(t).evaluation(), features.get(t).evaluation(), config));
                    writeCsv(out.resolve("sweep.csv"), cells);
                }
            }
            plots(taskDir, taskConfig, cells.stream().filter(c -> c.task().equals(task)).toList(), sourceFractions, targetFractions);
        }
        if (tasks.size() > 1) {
            improvementByTask(out, config, cells, targetFractions);
        }
        return cells;
    }

    private static Cell cell(String task, double s, double t, int sourceEcgs, int targetEcgs, ModelEvaluation transfer, ModelEvaluation scratch,
                             ModelEvaluation features, ExperimentConfig config) {
        var a = transfer.tests().get(ModelEvaluation.COMBINED).auc();
        var b = scratch.tests().get(ModelEvaluation.COMBINED).auc();
        var f = features.tests().get(ModelEvaluation.COMBINED).auc();
        var gain = transfer.gainOver(scratch, ModelEvaluation.COMBINED, config.bootstrap(), config.seed());
        var featuresGain = features.gainOver(scratch, ModelEvaluation.COMBINED, config.bootstrap(), config.seed());
        return new Cell(task, s, t, sourceEcgs, targetEcgs, a.value(), a.lower(), a.upper(), b.value(), b.lower(), b.upper(),
                gain.value(), gain.lower(), gain.upper(), f.value(), f.lower(), f.upper(), featuresGain.value(), featuresGain.lower(),
                featuresGain.upper());
    }

    static void writeCsv(Path csv, List<Cell> cells) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("task,source_fraction,target_fraction,source_ecgs,target_train_ecgs,transfer_auc,transfer_lower,transfer_upper,"
                    + "scratch_auc,scratch_lower,scratch_upper,gain,gain_lower,gain_upper,features_auc,features_lower,features_upper,"
                    + "features_gain,features_gain_lower,features_gain_upper");
            for (Cell c : cells) {
                w.printf(Locale.ROOT, "%s,%.2f,%.2f,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", c.task(),
                        c.sourceFraction(), c.targetFraction(), c.sourceEcgs(), c.targetEcgs(), c.transferAuc(), c.transferLower(), c.transferUpper(),
                        c.scratchAuc(), c.scratchLower(), c.scratchUpper(), c.gain(), c.gainLower(), c.gainUpper(), c.featuresAuc(), c.featuresLower(),
                        c.featuresUpper(), c.featuresGain(), c.featuresGainLower(), c.featuresGainUpper());
            }
        }
    }

    /**
     * Gain over scratch against target size, one series per pre-training task (the largest source fraction) and one for the
     * feature model (Nguyen & Do's Fig. 3 with the floor beside it).
     */
    static void improvementByTask(Path out, ExperimentConfig config, List<Cell> cells, List<Double> targets) throws IOException {
        if (targets.size() < 2) {
            return;
        }
        double largest = cells.stream().mapToDouble(Cell::sourceFraction).max().orElse(1);
        double[] sizes = new double[targets.size()];
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Cell c : cells) {
            if (c.sourceFraction() != largest) {
                continue;
            }
            int t = targets.indexOf(c.targetFraction());
            sizes[t] = c.targetEcgs();
            series.computeIfAbsent(c.task(), k -> {
                double[] g = new double[targets.size()];
                java.util.Arrays.fill(g, Double.NaN);
                return g;
            })[t] = c.gain();
        }
        double[] floor = new double[targets.size()];
        java.util.Arrays.fill(floor, Double.NaN);
        cells.stream().filter(c -> c.sourceFraction() == largest).forEach(c -> floor[targets.indexOf(c.targetFraction())] = c.featuresGain());
        series.put("feature model", floor);
        Plots.improvement(out.resolve("improvement-vs-target-size.png"), config.architecture() + ": pre-trained − scratch, by task", sizes, series);
    }

    static void plots(Path out, ExperimentConfig config, List<Cell> cells, List<Double> sources, List<Double> targets) throws IOException {
        Files.createDirectories(out);
        List<String> tLabels = targets.stream().map(t -> label(t) + " %").toList();
        List<String> sLabels = sources.stream().map(s -> label(s) + " %").toList();
        double[][] auc = new double[sources.size()][targets.size()];
        double[][] gain = new double[sources.size()][targets.size()];
        for (double[] row : auc) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (double[] row : gain) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (Cell c : cells) {
            int s = sources.indexOf(c.sourceFraction());
            int t = targets.indexOf(c.targetFraction());
            auc[s][t] = c.transferAuc();
            gain[s][t] = c.gain();
        }
        String what = config.architecture() + ", " + config.pretrainTask();
        Plots.heatmap(out.resolve("heatmap-auc.png"), what + ": AUC after pre-training (combined test)", tLabels, sLabels, auc);
        Plots.heatmap(out.resolve("heatmap-gain.png"), what + ": AUC gain over scratch", tLabels, sLabels, gain);
        double[] sizes = new double[targets.size()];
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int s = 0; s < sources.size(); s++) {
            double[] g = new double[targets.size()];
            for (int t = 0; t < targets.size(); t++) {
                g[t] = gain[s][t];
                for (Cell c : cells) {
                    if (c.targetFraction() == targets.get(t)) {
                        sizes[t] = c.targetEcgs();
                    }
                }
            }
            series.put("source " + sLabels.get(s), g);
        }
        double[] floor = new double[targets.size()];
        java.util.Arrays.fill(floor, Double.NaN);
        cells.forEach(c -> floor[targets.indexOf(c.targetFraction())] = c.featuresGain());
        series.put("feature model", floor);
        if (targets.size() > 1) {
            Plots.improvement(out.resolve("improvement-vs-target-size.png"), what + ": transfer − scratch", sizes, series);
        }
    }

    static String label(double fraction) {
        return String.format(Locale.ROOT, "%d", Math.round(fraction * 100));
    }
}
