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
 * The papers' size sweeps: for each source fraction a body is pre-trained once; for each target
 * fraction it is fine-tuned, and a scratch model trained on the same target subset. Writes
 * {@code sweep.csv}, the AUC and gain heatmaps (Nyström Fig. 5) and the gain-vs-target-size plot
 * (Nguyen & Do Fig. 3). Subsets are nested (each a strict subset of the next, by patient).
 */
public final class Sweep {
    private final TransferExperiment experiment;

    public Sweep(TransferExperiment experiment) {
        this.experiment = experiment;
    }

    /** One cell: AUC on the combined test of transfer and scratch at these sizes. */
    public record Cell(double sourceFraction, double targetFraction, int sourceEcgs, int targetEcgs, double transferAuc,
                       double transferLower, double transferUpper, double scratchAuc, double scratchLower, double scratchUpper) {
        public double gain() {
            return transferAuc - scratchAuc;
        }
    }

    public List<Cell> run(ExperimentConfig config, CohortSplit split, List<Double> sourceFractions, List<Double> targetFractions, Path out)
            throws IOException {
        Files.createDirectories(out);
        Map<Double, TransferExperiment.FineTuned> scratch = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        for (double s : sourceFractions) {
            String sLabel = label(s);
            ExperimentData sourceData = ExperimentData.of(split, 1, s, "sweep source " + sLabel);
            TransferExperiment.Pretrained body = experiment.pretrain(config.withFractions(config.name() + "-s" + sLabel, 1, s), sourceData,
                    out.resolve("source-" + sLabel).resolve("pretrain"));
            for (double t : targetFractions) {
                String tLabel = label(t);
                ExperimentData data = ExperimentData.of(split, t, s, "sweep source " + sLabel + " target " + tLabel);
                ExperimentConfig cellConfig = config.withFractions(config.name() + "-s" + sLabel + "-t" + tLabel, t, s);
                TransferExperiment.FineTuned transfer = experiment.fineTune(cellConfig, data, body.checkpoint(),
                        out.resolve("source-" + sLabel).resolve("target-" + tLabel));
                if (!scratch.containsKey(t)) {
                    scratch.put(t, experiment.scratch(config.withFractions(config.name() + "-scratch-t" + tLabel, t, 0), data,
                            out.resolve("scratch-target-" + tLabel)));
                }
                var a = transfer.evaluation().tests().get(ModelEvaluation.COMBINED).auc();
                var b = scratch.get(t).evaluation().tests().get(ModelEvaluation.COMBINED).auc();
                Cell cell = new Cell(s, t, sourceData.sourceTrain().size(), data.train().size(), a.value(), a.lower(), a.upper(),
                        b.value(), b.lower(), b.upper());
                cells.add(cell);
                writeCsv(out.resolve("sweep.csv"), cells);
            }
        }
        plots(out, config, cells, sourceFractions, targetFractions);
        return cells;
    }

    static void writeCsv(Path csv, List<Cell> cells) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("source_fraction,target_fraction,source_ecgs,target_train_ecgs,transfer_auc,transfer_lower,transfer_upper,"
                    + "scratch_auc,scratch_lower,scratch_upper,gain");
            for (Cell c : cells) {
                w.printf(Locale.ROOT, "%.2f,%.2f,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", c.sourceFraction(), c.targetFraction(), c.sourceEcgs(),
                        c.targetEcgs(), c.transferAuc(), c.transferLower(), c.transferUpper(), c.scratchAuc(), c.scratchLower(), c.scratchUpper(), c.gain());
            }
        }
    }

    static void plots(Path out, ExperimentConfig config, List<Cell> cells, List<Double> sources, List<Double> targets) throws IOException {
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
        Plots.heatmap(out.resolve("heatmap-auc.png"), config.architecture() + ": AUC after pre-training (combined test)", tLabels, sLabels, auc);
        Plots.heatmap(out.resolve("heatmap-gain.png"), config.architecture() + ": AUC gain over scratch", tLabels, sLabels, gain);
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
        if (targets.size() > 1) {
            Plots.improvement(out.resolve("improvement-vs-target-size.png"), config.architecture() + ": transfer − scratch", sizes, series);
        }
    }

    static String label(double fraction) {
        return String.format(Locale.ROOT, "%d", Math.round(fraction * 100));
    }
}
