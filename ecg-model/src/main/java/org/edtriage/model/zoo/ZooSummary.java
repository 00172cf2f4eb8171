package org.edtriage.model.zoo;

import ai.djl.ndarray.NDManager;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line per architecture: input, trainable parameters, the papers' count convention, FLOPs per ECG.
 * What {@code ./triage models} prints; counted from the built networks, not from a table.
 */
public final class ZooSummary {
    /** Nyström et al. Table II (Keras counts, batch-norm moving statistics included). */
    public static final Map<String, Long> PUBLISHED = Map.of(
            "cnn20k", 20_479L, "rn900k", 892_449L, "rn7m", 6_784_561L, "rn33m", 33_062_569L);

    /** One architecture's figures. */
    public record Line(String name, String input, long trainable, long withRunningStatistics, long flopsPerEcg, Long published) {

        /** The count to hold against the paper: Keras' convention for the Ribeiro-style models (see README). */
        public long comparable() {
            return name.equals("rn7m") || name.equals("rn33m") ? withRunningStatistics : trainable;
        }
    }

    private ZooSummary() {
    }

    /**
     * Builds every architecture with the one-output head the paper counts — for CNN-20k that is dense 100 →
     * output, i.e. the transfer head's shape; a single linear output for the others — and measures it.
     */
    public static List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (String name : Architectures.names()) {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                EcgNetwork net = Architectures.build(name, name.equals("cnn20k") ? new Head.NystromTransfer() : new Head.Binary());
                net.initialize(manager);
                var c = net.contract();
                String input = c.leads().size() + "×" + c.samples() + (c.beat() == null ? "" : "+" + c.beat().samples()) + " @"
                        + Math.round(c.samplingRateHz()) + " Hz"
                        + (c.windowing() == null ? "" : " (" + c.windowing().inferenceWindows() + "×" + c.windowing().windowSamples() + ")");
                lines.add(new Line(name, input, net.trainableParameters(), net.trainableParameters() + net.runningStatistics(),
                        FlopCounter.perEcg(net), PUBLISHED.get(name)));
            }
        }
        return lines;
    }

    public static void print(List<Line> lines, PrintStream out) {
        out.printf("%-12s %-26s %14s %14s %16s  %s%n", "model", "input", "parameters", "FLOPs/ECG", "paper (Table II)", "difference");
        for (Line l : lines) {
            String paper = l.published() == null ? "-" : String.format("%,d", l.published());
            String diff = l.published() == null ? "" : String.format("%+,d (%+.3f %%)%s", l.comparable() - l.published(),
                    100.0 * (l.comparable() - l.published()) / l.published(),
                    l.comparable() != l.trainable() ? " counting BN statistics as Keras" : "");
            out.printf("%-12s %-26s %,14d %,14d %16s  %s%n", l.name(), l.input(), l.trainable(), l.flopsPerEcg(), paper, diff);
        }
    }
}
