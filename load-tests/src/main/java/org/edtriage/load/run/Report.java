package org.edtriage.load.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.schemas.events.RejectedMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a run: latency per stage (HdrHistogram), throughput, errors by kind, resources, the fault's events,
 * and the accounting (sent = stored + dead-lettered; alerts = expected alerts, none twice), written as a report folder
 * (summary.json, arrivals.csv, timeline.csv, percentiles.csv, resources.csv, index.html) and a one-screen summary.
 */
public final class Report {
    private final Map<String, Object> summary;
    private final String text;
    private final Ledger ledger;
    private final List<Resources.Sample> resources;
    private final Map<Stage, Histogram> histograms;
    private final List<Faults.Event> faults;
    private final long t0;
    private final boolean passed;

    private Report(Map<String, Object> summary, String text, Ledger ledger, List<Resources.Sample> resources,
                   Map<Stage, Histogram> histograms, List<Faults.Event> faults, long t0, boolean passed) {
        this.summary = summary;
        this.text = text;
        this.ledger = ledger;
        this.resources = resources;
        this.histograms = histograms;
        this.faults = faults;
        this.t0 = t0;
        this.passed = passed;
    }

    /** The accounting held: nothing lost, nothing twice. */
    public boolean passed() {
        return passed;
    }

    public Map<String, Object> summary() {
        return summary;
    }

    @Override
    public String toString() {
        return text;
    }

    static long percentile(Ledger l, Stage stage, int from, int to, double p) {
        Histogram h = histogram(l, stage, from, to);
        return h.getTotalCount() == 0 ? Ledger.NONE : h.getValueAtPercentile(p);
    }

    private static Histogram histogram(Ledger l, Stage stage, int from, int to) {
        Histogram h = new Histogram(3_600_000L, 3);
        for (int i = from; i < Math.min(to, l.size()); i++) {
            if (l.poison[i] == null) {
                long v = stage.of(l, i);
                if (v != Ledger.NONE) {
                    h.recordValue(Math.min(v, 3_600_000L));
                }
            }
        }
        return h;
    }

    static Report of(Scenario s, String runId, long t0, Ledger l, Collector c, List<Faults.Event> faults, List<LoadRun.Step> steps,
                     List<Resources.Sample> resources, LocalStack stack, Double bareEcgsPerSecond) {
        int n = l.size();
        int valid = 0, poison = 0, accepted = 0, stored = 0, copies = 0, scored = 0, alerted = 0, gaveUp = 0, refusedValid = 0;
        // a re-sent HL7 message must never be stored twice (its control id is remembered across instances and restarts);
        // a re-sent upload may be (same ecgId: scoring and the dataset see it once)
        Map<String, Integer> copiesByEntry = new TreeMap<>();
        long firstDue = Long.MAX_VALUE, lastAlert = 0;
        Map<String, Integer> poisonOutcomes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (l.poison[i] != null) {
                poison++;
                poisonOutcomes.merge(l.poison[i] + " " + l.outcome[i], 1, Integer::sum);
                continue;
            }
            valid++;
            String o = l.outcome[i] == null ? "not sent" : l.outcome[i];
            if (o.equals("accepted")) {
                accepted++;
            } else if (o.startsWith("gave up")) {
                gaveUp++;
            } else {
                refusedValid++;
            }
            Integer k = c.recordedCopies.get(i);
            if (k != null) {
                stored++;
                copies += k - 1;
                if (k > 1) {
                    copiesByEntry.merge(String.valueOf(l.entry[i]).toLowerCase(Locale.ROOT), k - 1, Integer::sum);
                }
            }
            if (l.scored.get(i) != Ledger.NONE) {
                scored++;
            }
            if (l.alerted.get(i) != Ledger.NONE) {
                alerted++;
                lastAlert = Math.max(lastAlert, l.alerted.get(i));
            }
            firstDue = Math.min(firstDue, l.intended.get(i));
        }
        long ours = c.indexByEcg.keySet().size();
        long scoreDuplicates = c.indexByEcg.keySet().stream().filter(e -> c.scoreCount.getOrDefault(e, 0) > 1).count();
        long alertDuplicates = c.alertCount.values().stream().filter(k -> k > 1).count();
        Map<String, Long> deadBySource = new TreeMap<>();
        for (RejectedMessage r : c.deadLetters) {
            deadBySource.merge(r.getSource(), 1L, Long::sum);
        }
        int dead = c.deadLetters.size();
        // every poison input must have been refused at its door (AE/AR, HTTP 4xx) or produced for scoring to refuse
        long poisonRefused = poisonOutcomes.entrySet().stream().filter(e -> e.getKey().matches("\\S+ refused (AE|AR|HTTP 4\\d\\d|\\(produced).*"))
                .mapToLong(Map.Entry::getValue).sum();
        boolean passed = stored == valid && copiesByEntry.getOrDefault("mllp", 0) == 0 && dead == poison && poisonRefused == poison && alerted == stored && alertDuplicates == 0 && scoreDuplicates == 0 && gaveUp == 0;

        Map<Stage, Histogram> hs = new LinkedHashMap<>();
        Map<String, Object> latency = new LinkedHashMap<>();
        for (Stage st : Stage.values()) {
            Histogram h = histogram(l, st, 0, n);
            hs.put(st, h);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", h.getTotalCount());
            for (double p : new double[]{50, 90, 99, 99.9}) {
                m.put("p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)), h.getTotalCount() == 0 ? null : h.getValueAtPercentile(p));
            }
            m.put("max", h.getTotalCount() == 0 ? null : h.getMaxValue());
            latency.put(st.label, m);
        }
        double seconds = lastAlert > firstDue ? (lastAlert - firstDue) / 1000.0 : Double.NaN;
        Map<String, Object> accounting = new LinkedHashMap<>();
        accounting.put("sent", valid + poison);
        accounting.put("validEcgs", valid);
        accounting.put("poison", poison);
        accounting.put("acceptedBySender", accepted);
        accounting.put("gaveUp", gaveUp);
        accounting.put("refusedValid", refusedValid);
        accounting.put("stored", stored);
        accounting.put("storedExtraCopies", copies);
        accounting.put("storedExtraCopiesByEntry", copiesByEntry);
        accounting.put("deadLettered", dead);
        accounting.put("deadLetteredBySource", deadBySource);
        accounting.put("scored", scored);
        accounting.put("scoreDuplicates", scoreDuplicates);
        accounting.put("expectedAlerts", stored);
        accounting.put("alerts", alerted);
        accounting.put("alertDuplicates", alertDuplicates);
        accounting.put("alertsByLevel", new TreeMap<>(c.alertsByLevel));
        accounting.put("poisonOutcomes", poisonOutcomes);
        accounting.put("poisonRefused", poisonRefused);
        accounting.put("sentEqualsStoredPlusDeadLettered", valid + poison == stored + dead);
        accounting.put("passed", passed);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", s.name());
        summary.put("description", s.description());
        summary.put("runId", runId);
        summary.put("startedAt", Instant.ofEpochMilli(t0).toString());
        summary.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        summary.put("architecture", stack.architecture());
        summary.put("shape", s.shape().name());
        summary.put("rate", s.rate());
        summary.put("mix", s.mix().toString());
        summary.put("connections", s.connections());
        summary.put("fault", s.fault().name());
        summary.put("throughputAlertsPerSecond", Double.isNaN(seconds) ? null : alerted / seconds);
        summary.put("latencyMs", latency);
        summary.put("steps", steps);
        if (s.shape() == Scenario.Shape.RAMP) {
            double best = steps.stream().filter(LoadRun.Step::passed).mapToDouble(LoadRun.Step::rate).max().orElse(0);
            summary.put("highestRatePassing", best);
            if (bareEcgsPerSecond != null) {
                summary.put("bareScorerEcgsPerSecond", bareEcgsPerSecond);
                summary.put("pipelineOverBare", best / bareEcgsPerSecond);
            }
        }
        summary.put("errors", new TreeMap<>(l.errors));
        summary.put("refusalAnswerMs", refusalAnswers(l));
        summary.put("scoresByModel", new TreeMap<>(c.scoresByModel));
        summary.put("longestGapBetweenScoresMs", longestGap(c));
        summary.put("faultEvents", faults.stream().map(f -> Map.of("t", (f.at() - t0) / 1000.0, "what", f.what())).toList());
        summary.put("accounting", accounting);
        summary.put("resources", peakResources(resources));
        return new Report(summary, text(summary, latency, accounting, steps), l, resources, hs, faults, t0, passed);
    }

    private static long longestGap(Collector c) {
        List<long[]> t;
        synchronized (c.scoreTimeline) {
            t = new ArrayList<>(c.scoreTimeline);
        }
        t.sort((a, b) -> Long.compare(a[0], b[0]));
        long gap = 0;
        for (int i = 1; i < t.size(); i++) {
            gap = Math.max(gap, t.get(i)[0] - t.get(i - 1)[0]);
        }
        return gap;
    }

    private static Map<String, Object> peakResources(List<Resources.Sample> samples) {
        Map<String, Object> out = new TreeMap<>();
        Map<String, double[]> agg = new TreeMap<>();
        for (Resources.Sample r : samples) {
            double[] a = agg.computeIfAbsent(r.process(), k -> new double[]{0, 0, -1, -1});
            a[0] += r.cpuPercent();
            a[1]++;
            a[2] = Math.max(a[2], r.rssMiB());
            a[3] = Math.max(a[3], r.heapMiB());
        }
        agg.forEach((p, a) -> out.put(p, Map.of("cpuPercentMean", Math.round(a[0] / Math.max(1, a[1])), "rssMiBMax", Math.round(a[2]),
                "heapMiBMax", a[3] < 0 ? "n/a" : Math.round(a[3]))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String text(Map<String, Object> s, Map<String, Object> latency, Map<String, Object> acc, List<LoadRun.Step> steps) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "scenario %s (%s, %s, fault %s) on %s%n", s.get("scenario"), s.get("shape"), s.get("architecture"),
                s.get("fault"), s.get("machine")));
        b.append(String.format(Locale.ROOT, "%-14s %7s %7s %7s %7s %7s %7s%n", "latency ms", "count", "p50", "p90", "p99", "p99.9", "max"));
        latency.forEach((k, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            b.append(String.format(Locale.ROOT, "%-14s %7s %7s %7s %7s %7s %7s%n", k, m.get("count"), m.get("p50"), m.get("p90"),
                    m.get("p99"), m.get("p99.9"), m.get("max")));
        });
        if (s.get("throughputAlertsPerSecond") instanceof Double d) {
            b.append(String.format(Locale.ROOT, "throughput: %.1f alerts/s (first due send to last alert)%n", d));
        }
        if (steps.size() > 1 || s.containsKey("highestRatePassing")) {
            for (LoadRun.Step st : steps) {
                b.append(String.format(Locale.ROOT, "  step %6.1f ECG/s: %d/%d alerts, p99 ingest→alert %d ms %s%n", st.rate(), st.alerts(),
                        st.to() - st.from(), st.p99IngestToAlertMs(), st.passed() ? "ok" : "OVER"));
            }
            b.append("highest rate with p99 ingest→alert under the bound: ").append(s.get("highestRatePassing")).append(" ECG/s");
            if (s.get("bareScorerEcgsPerSecond") instanceof Double bare) {
                b.append(String.format(Locale.ROOT, "; bare scorer %.1f ECG/s; pipeline/bare %.2f", bare, (Double) s.get("pipelineOverBare")));
            }
            b.append('\n');
        }
        b.append("errors seen by senders (retried unless final): ").append(s.get("errors")).append('\n');
        if (!((Map<?, ?>) s.get("refusalAnswerMs")).isEmpty()) {
            b.append("MLLP refusals answered after (ms): ").append(s.get("refusalAnswerMs")).append('\n');
        }
        b.append("scores by model: ").append(s.get("scoresByModel")).append("; longest gap between scores ")
                .append(s.get("longestGapBetweenScoresMs")).append(" ms\n");
        if (!((List<?>) s.get("faultEvents")).isEmpty()) {
            b.append("fault: ").append(s.get("faultEvents")).append('\n');
        }
        b.append(String.format(Locale.ROOT, "accounting: sent %s = stored %s + dead-lettered %s (%s); poison %s; re-sent copies on ecg.recorded %s (by entry; MLLP must be 0)%n",
                acc.get("sent"), acc.get("stored"), acc.get("deadLettered"), acc.get("sentEqualsStoredPlusDeadLettered"), acc.get("poison"),
                acc.get("storedExtraCopies") + " " + acc.get("storedExtraCopiesByEntry")));
        b.append(String.format(Locale.ROOT, "            alerts %s of %s expected, duplicates %s; scores duplicated %s; gave up %s%n",
                acc.get("alerts"), acc.get("expectedAlerts"), acc.get("alertDuplicates"), acc.get("scoreDuplicates"), acc.get("gaveUp")));
        b.append("resources (mean CPU % of one core, max RSS/heap MiB): ").append(s.get("resources")).append('\n');
        b.append(Boolean.TRUE.equals(acc.get("passed")) ? "PASSED: nothing lost, nothing twice\n" : "FAILED: see the accounting above\n");
        return b.toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("summary.json").toFile(), summary);
        StringBuilder a = new StringBuilder("arrival,entry,poison,due_ms,outcome,attempts,ack_ms,ingest_to_score_ms,ingest_to_alert_ms,send_to_alert_ms\n");
        for (int i = 0; i < ledger.size(); i++) {
            a.append(i).append(',').append(ledger.entry[i]).append(',').append(ledger.poison[i] == null ? "" : ledger.poison[i]).append(',')
                    .append(ledger.intended.get(i) - t0).append(",\"").append(ledger.outcome[i] == null ? "" : ledger.outcome[i].replace("\"", "'"))
                    .append("\",").append(ledger.attempts[i]);
            for (Stage st : Stage.values()) {
                long v = st.of(ledger, i);
                a.append(',').append(v == Ledger.NONE ? "" : Long.toString(v));
            }
            a.append('\n');
        }
        Files.writeString(dir.resolve("arrivals.csv"), a);
        StringBuilder p = new StringBuilder("stage,percentile,ms\n");
        histograms.forEach((st, h) -> {
            if (h.getTotalCount() > 0) {
                for (double q : new double[]{0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100}) {
                    p.append(st.label).append(',').append(q).append(',').append(h.getValueAtPercentile(q)).append('\n');
                }
            }
        });
        Files.writeString(dir.resolve("percentiles.csv"), p);
        List<Timeline.Bucket> buckets = Timeline.of(ledger, t0);
        Files.writeString(dir.resolve("timeline.csv"), Timeline.csv(buckets));
        StringBuilder r = new StringBuilder("t_s,process,cpu_percent,rss_mib,heap_mib\n");
        for (Resources.Sample s : resources) {
            r.append(String.format(Locale.ROOT, "%.1f,%s,%.1f,%.1f,%.1f%n", s.t(), s.process(), s.cpuPercent(), s.rssMiB(), s.heapMiB()));
        }
        Files.writeString(dir.resolve("resources.csv"), r);
        Files.writeString(dir.resolve("index.html"), Html.page(summary, text, buckets, histograms, resources, faults, t0));
    }

    /** How long senders waited for the MLLP answers that were not AA: count, p50, p99, max. */
    private static Map<String, Long> refusalAnswers(Ledger l) {
        List<Long> sorted;
        synchronized (l.refusalMillis) {
            sorted = new ArrayList<>(l.refusalMillis);
        }
        Map<String, Long> m = new LinkedHashMap<>();
        if (sorted.isEmpty()) {
            return m;
        }
        sorted.sort(null);
        m.put("count", (long) sorted.size());
        m.put("p50", sorted.get(sorted.size() / 2));
        m.put("p99", sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
        m.put("max", sorted.get(sorted.size() - 1));
        return m;
    }
}
