package org.edtriage.training.report;

import org.edtriage.training.eval.Calibration;
import org.edtriage.training.eval.Roc;
import org.edtriage.training.train.EpochRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's PNG figures, drawn headless with XChart. */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Training and validation loss per epoch, stages one after another. */
    public static void learningCurves(Path png, String title, List<EpochRecord> epochs) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("epoch (all stages)").yAxisTitle("loss").build();
        Map<String, List<double[]>> train = new LinkedHashMap<>();
        Map<String, List<double[]>> validation = new LinkedHashMap<>();
        int x = 0;
        for (EpochRecord e : epochs) {
            x++;
            train.computeIfAbsent(e.stage(), k -> new ArrayList<>()).add(new double[]{x, e.trainLoss()});
            validation.computeIfAbsent(e.stage(), k -> new ArrayList<>()).add(new double[]{x, e.validationLoss()});
        }
        for (String stage : train.keySet()) {
            add(chart, stage + " train", train.get(stage));
            add(chart, stage + " validation", validation.get(stage));
        }
        if (!train.isEmpty()) {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** ROC curves with their pointwise 95 % bootstrap bands, one per model. */
    public static void roc(Path png, String title, Map<String, Roc> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(650).height(600).title(title).xAxisTitle("1 − specificity").yAxisTitle("sensitivity").build();
        square(chart);
        Color[] palette = {new Color(0, 90, 181), new Color(220, 50, 32), new Color(0, 140, 70), new Color(120, 60, 160)};
        int index = 0;
        for (var e : curves.entrySet()) {
            Roc r = e.getValue();
            XYSeries curve = chart.addSeries(e.getKey(), r.falsePositiveRate(), r.truePositiveRate());
            curve.setMarker(SeriesMarkers.NONE);
            curve.setLineColor(palette[index++ % palette.length]);
            for (String bound : new String[]{"lower", "upper"}) {
                XYSeries band = chart.addSeries(e.getKey() + " 95 % " + bound, r.falsePositiveRate(), "lower".equals(bound) ? r.lower() : r.upper());
                band.setMarker(SeriesMarkers.NONE);
                band.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
                band.setLineColor(curve.getLineColor());
                band.setLineWidth(1f);
                band.setShowInLegend(false);
            }
        }
        XYSeries chance = chart.addSeries("chance", new double[]{0, 1}, new double[]{0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.LIGHT_GRAY);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Reliability curves: mean predicted probability vs observed AMI rate per decile bin. */
    public static void calibration(Path png, String title, Map<String, Calibration> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(650).height(600).title(title).xAxisTitle("predicted probability").yAxisTitle("observed AMI rate").build();
        square(chart);
        for (var e : curves.entrySet()) {
            List<double[]> points = new ArrayList<>();
            Calibration c = e.getValue();
            for (int b = 0; b < c.count().length; b++) {
                if (c.count()[b] > 0) {
                    points.add(new double[]{c.meanPredicted()[b], c.observed()[b]});
                }
            }
            add(chart, String.format(java.util.Locale.ROOT, "%s (Brier %.3f)", e.getKey(), c.brier()), points);
        }
        XYSeries ideal = chart.addSeries("ideal", new double[]{0, 1}, new double[]{0, 1});
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(Color.LIGHT_GRAY);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Nyström et al. Fig. 5: AUC (or its gain over scratch) by source size (rows) × target size (columns). */
    public static void heatmap(Path png, String title, List<String> targetLabels, List<String> sourceLabels, double[][] value) throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(600).title(title).xAxisTitle("target training data")
                .yAxisTitle("source (pre-training) data").build();
        chart.getStyler().setShowValue(true);
        List<Number[]> cells = new ArrayList<>();
        for (int s = 0; s < sourceLabels.size(); s++) {
            for (int t = 0; t < targetLabels.size(); t++) {
                if (!Double.isNaN(value[s][t])) {
                    cells.add(new Number[]{t, s, value[s][t]});
                }
            }
        }
        chart.addSeries("AUC", targetLabels, sourceLabels, cells);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Nguyen & Do Fig. 3: improvement of transfer over scratch as the target set grows. */
    public static void improvement(Path png, String title, double[] targetSizes, Map<String, double[]> improvementBySeries) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("target training ECGs")
                .yAxisTitle("AUC transfer − AUC scratch").build();
        for (var e : improvementBySeries.entrySet()) {
            // a cell not (yet) run is NaN: left out, not drawn as "no gain"
            List<double[]> points = new java.util.ArrayList<>();
            for (int i = 0; i < targetSizes.length; i++) {
                if (Double.isFinite(e.getValue()[i])) {
                    points.add(new double[]{targetSizes[i], e.getValue()[i]});
                }
            }
            if (!points.isEmpty()) {
                chart.addSeries(e.getKey(), points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
            }
        }
        XYSeries zero = chart.addSeries("no gain", new double[]{targetSizes[0], targetSizes[targetSizes.length - 1]}, new double[]{0, 0});
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(Color.LIGHT_GRAY);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Unit square axes, legend inside so the plot keeps its width. */
    private static void square(XYChart chart) {
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0)
                .setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0")
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    }

    private static void add(XYChart chart, String name, List<double[]> points) {
        if (points.isEmpty()) {
            return;
        }
        double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = points.stream().mapToDouble(p -> Double.isFinite(p[1]) ? p[1] : 0).toArray();
        chart.addSeries(name, xs, ys);
    }

}
