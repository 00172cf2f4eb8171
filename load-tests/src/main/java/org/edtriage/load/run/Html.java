package org.edtriage.load.run;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The report's HTML page: the summary, and SVG plots drawn here (no scripts, no network: it opens from disk). */
final class Html {
    private static final String[] COLOURS = {"#c0392b", "#2471a3", "#239b56", "#b9770e", "#7d3c98", "#566573"};

    private Html() {
    }

    static String page(Map<String, Object> summary, String text, List<Timeline.Bucket> buckets, Map<Stage, Histogram> histograms,
                       List<Resources.Sample> resources, List<Faults.Event> faults, long t0) {
        StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>load run ")
                .append(esc(String.valueOf(summary.get("scenario")))).append("</title><style>body{font:14px sans-serif;margin:24px;max-width:1000px}"
                        + "pre{background:#f4f6f7;padding:12px;white-space:pre-wrap}svg{background:#fff;border:1px solid #ccd1d1;margin:8px 0}</style></head><body>");
        b.append("<h1>Load run: ").append(esc(String.valueOf(summary.get("scenario")))).append("</h1><p>")
                .append(esc(String.valueOf(summary.get("description")))).append("</p><pre>").append(esc(text)).append("</pre>");
        List<Double> faultTimes = faults.stream().map(f -> (f.at() - t0) / 1000.0).toList();
        b.append("<h2>Latency over time (by due time of the ECG)</h2>");
        b.append(chart("ms", buckets, faultTimes, List.of(
                series("ingest→alert p99", Timeline.Bucket::alertP99), series("ingest→alert p50", Timeline.Bucket::alertP50),
                series("ack p99", Timeline.Bucket::ackP99))));
        b.append("<h2>Throughput over time</h2>");
        b.append(chart("ECG/s", buckets, faultTimes, List.of(series("sent", Timeline.Bucket::sent),
                series("alerts visible", Timeline.Bucket::alertsVisible))));
        b.append("<h2>Latency percentiles</h2>").append(percentiles(histograms));
        b.append("<h2>CPU per process (% of one core)</h2>").append(resourceChart(resources, faultTimes));
        return b.append("<p>Data: summary.json, arrivals.csv, timeline.csv, percentiles.csv, resources.csv.</p></body></html>").toString();
    }

    private record Series(String name, double[] x, double[] y) {
    }

    private static java.util.function.Function<List<Timeline.Bucket>, Series> series(String name, ToDoubleFunction<Timeline.Bucket> f) {
        return bs -> new Series(name, bs.stream().mapToDouble(Timeline.Bucket::t).toArray(), bs.stream().mapToDouble(f).toArray());
    }

    private static String chart(String unit, List<Timeline.Bucket> buckets, List<Double> marks,
                                List<java.util.function.Function<List<Timeline.Bucket>, Series>> fs) {
        return svg(unit, "s", fs.stream().map(f -> f.apply(buckets)).toList(), marks);
    }

    private static String percentiles(Map<Stage, Histogram> hs) {
        List<Series> series = new ArrayList<>();
        double[] qs = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};
        hs.forEach((st, h) -> {
            if (h.getTotalCount() > 0) {
                double[] x = new double[qs.length], y = new double[qs.length];
                for (int i = 0; i < qs.length; i++) {
                    x[i] = Math.log10(1 / Math.max(1e-5, 1 - Math.min(qs[i], 99.999) / 100)); // 0 → 0, 99 → 2, 99.9 → 3
                    y[i] = h.getValueAtPercentile(qs[i]);
                }
                series.add(new Series(st.label, x, y));
            }
        });
        return svg("ms", "percentile (0, 90, 99, 99.9, 99.99 at x = 0 … 4)", series, List.of());
    }

    private static String resourceChart(List<Resources.Sample> samples, List<Double> marks) {
        Map<String, List<Resources.Sample>> by = new TreeMap<>();
        samples.forEach(s -> by.computeIfAbsent(s.process(), k -> new ArrayList<>()).add(s));
        List<Series> series = new ArrayList<>();
        by.forEach((p, ss) -> series.add(new Series(p, ss.stream().mapToDouble(Resources.Sample::t).toArray(),
                ss.stream().mapToDouble(Resources.Sample::cpuPercent).toArray())));
        return svg("%", "s", series, marks);
    }

    private static String svg(String unit, String xLabel, List<Series> series, List<Double> marks) {
        int w = 900, h = 260, l = 60, r = 170, t = 10, bo = 30;
        double xMax = 1e-9, yMax = 1e-9;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xMax = Math.max(xMax, s.x()[i]);
                yMax = Math.max(yMax, s.y()[i]);
            }
        }
        yMax *= 1.05;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">", w, h));
        for (int k = 0; k <= 4; k++) {
            double v = yMax * k / 4, y = t + (h - t - bo) * (1 - k / 4.0);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"4\" y=\"%.1f\" font-size=\"11\">%.0f %s</text>",
                    l, w - r, y, y, y + 4, v, unit));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s 0 … %.0f</text>", l, h - 8, esc(xLabel), xMax));
        final double fx = xMax, fy = yMax;
        for (double m : marks) {
            double x = l + (w - l - r) * m / fx;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>", x, x, t, h - bo));
        }
        int c = 0;
        for (Series s : series) {
            String colour = COLOURS[c % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (s.y()[i] < 0) {
                    continue; // no data in this bucket
                }
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", l + (w - l - r) * s.x()[i] / fx, t + (h - t - bo) * (1 - s.y()[i] / fy)));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"").append(pts).append("\"/>");
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>", w - r + 8, t + 14 + 16 * c, colour, esc(s.name())));
            c++;
        }
        return b.append("</svg>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
