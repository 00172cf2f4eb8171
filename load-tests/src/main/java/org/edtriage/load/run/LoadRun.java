package org.edtriage.load.run;

import org.edtriage.deploy.stack.LocalStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs one scenario against a running local stack: warm-up, the open-loop load (per rate step for a ramp), the
 * fault, a drain until every stored ECG has its alert (bounded), then the accounting and the report.
 */
public final class LoadRun {
    private LoadRun() {
    }

    /** One rate step's outcome (one step for steady, burst and soak). */
    public record Step(double rate, int from, int to, long p99IngestToAlertMs, int alerts, boolean passed) {
    }

    public static Report run(Scenario s, LocalStack stack, Path ecgFolder, Path reportDir, Consumer<String> progress) throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        org.edtriage.schemas.KafkaConnection kafka = stack.kafkaConnection();
        List<String> ingestUrls = stack.ingests().stream().map(org.edtriage.deploy.stack.QuarkusService::baseUrl).toList();
        if (!s.warmup().isZero()) {
            progress.accept("warm-up: " + s.warmup().toSeconds() + " s at " + s.steps().get(0) + " ECG/s (not measured)");
            Workload warm = Workload.of(ecgFolder, runId + "W", 50);
            Arrivals a = Arrivals.steady(s.steps().get(0), s.warmup());
            Ledger l = new Ledger(a.count());
            try (Collector c = new Collector(kafka, stack.topics(), warm);
                 Senders senders = new Senders(s, warm, l, stack.topics(), kafka, stack.mllpPorts(), ingestUrls,
                        stack.sender().basicAuthorization(), stack.http())) {
                senders.send(a, 0, a.count(), 0);
                // drain the warm-up before measuring: a cold pipeline's backlog (JIT, first batches) would otherwise
                // be carried into the first measured step (seen: 20 s p99 when starting cold at 70 ECG/s)
                long deadline = System.currentTimeMillis() + 180_000;
                while (c.alertsFor(0, a.count()) < a.count() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                progress.accept("warm-up drained: " + c.alertsFor(0, a.count()) + "/" + a.count() + " alerts");
            }
        }
        Workload workload = Workload.of(ecgFolder, runId, 200);
        List<Arrivals> plan = new ArrayList<>();
        switch (s.shape()) {
            case BURST -> plan.add(Arrivals.burst(s.rate(), s.duration(), s.burstFactor(), s.burstAt(), s.burstLength()));
            case RAMP -> s.steps().forEach(r -> plan.add(Arrivals.steady(r, s.rampStepLength())));
            default -> plan.add(Arrivals.steady(s.rate(), s.duration()));
        }
        int total = plan.stream().mapToInt(Arrivals::count).sum();
        Ledger ledger = new Ledger(total);
        if (s.fault() == Scenario.Fault.POISON) {
            for (int i = s.poisonEvery() - 1, k = 0; i < total; i += s.poisonEvery(), k++) {
                ledger.poison[i] = Poison.nth(k);
            }
        }
        List<Step> steps = new ArrayList<>();
        long t0 = System.currentTimeMillis();
        Faults faults;
        Resources resources = new Resources(stack);
        try (Collector collector = new Collector(kafka, stack.topics(), workload);
             Senders senders = new Senders(s, workload, ledger, stack.topics(), kafka, stack.mllpPorts(), ingestUrls,
                        stack.sender().basicAuthorization(), stack.http())) {
            faults = new Faults(s, stack, progress);
            int from = 0;
            for (int k = 0; k < plan.size(); k++) {
                Arrivals a = plan.get(k);
                double rate = s.shape() == Scenario.Shape.RAMP ? s.steps().get(k) : s.rate();
                progress.accept(String.format(Locale.ROOT, "sending %d ECGs%s (%s, %s)", a.count(),
                        s.shape() == Scenario.Shape.BURST ? " at " + rate + " ECG/s with " + s.burstFactor() + "× for " + s.burstLength().toSeconds() + " s"
                                : " at " + rate + " ECG/s", s.mix(), s.fault() == Scenario.Fault.NONE ? "no fault" : "fault " + s.fault()));
                senders.send(a, from, from + a.count(), from);
                if (s.shape() == Scenario.Shape.RAMP) {
                    Step step = drainStep(s, collector, ledger, rate, from, from + a.count(), progress);
                    steps.add(step);
                    if (!step.passed()) {
                        from += a.count();
                        ledger.truncate(from);
                        break;
                    }
                }
                from += a.count();
            }
            faults.await(Duration.ofMinutes(5));
            drain(s, collector, ledger, progress);
            collector.fill(ledger);
            if (s.shape() != Scenario.Shape.RAMP) {
                steps.add(new Step(s.rate(), 0, ledger.size(), Report.percentile(ledger, Stage.INGEST_TO_ALERT, 0, ledger.size(), 99.0),
                        collector.alertsFor(0, ledger.size()), true));
            }
            resources.close();
            Double bare = null;
            if (s.shape() == Scenario.Shape.RAMP) {
                System.setProperty("ai.djl.pytorch.num_threads", "1"); // as the scoring service runs it
                bare = BareScorer.ecgsPerSecond(stack.dataDir().resolve("models"), workload, 10);
                progress.accept(String.format(Locale.ROOT, "bare scorer on the same model, batch 32: %.1f ECG/s", bare));
            }
            Report report = Report.of(s, runId, t0, ledger, collector, faults.events(), steps, resources.samples(), stack, bare);
            report.write(reportDir);
            return report;
        }
    }

    /** A ramp step passes when every stored ECG of the step has its alert within the drain and p99 ingest→alert is under the bound. */
    private static Step drainStep(Scenario s, Collector c, Ledger ledger, double rate, int from, int to, Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + Math.max(10_000, s.boundMillis() * 10);
        while (c.alertsFor(from, to) < to - from && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        c.fill(ledger);
        int alerts = c.alertsFor(from, to);
        long p99 = Report.percentile(ledger, Stage.INGEST_TO_ALERT, from, to, 99.0);
        boolean passed = alerts == to - from && p99 != Ledger.NONE && p99 <= s.boundMillis();
        progress.accept(String.format(Locale.ROOT, "  step %.1f ECG/s: %d/%d alerts, p99 ingest→alert %d ms → %s", rate, alerts, to - from,
                p99, passed ? "under the bound" : "OVER the " + s.boundMillis() + " ms bound: ramp stops"));
        return new Step(rate, from, to, p99, alerts, passed);
    }

    private static void drain(Scenario s, Collector c, Ledger ledger, Consumer<String> progress) throws InterruptedException {
        long deadline = System.currentTimeMillis() + s.drain().toMillis();
        long poison = java.util.Arrays.stream(ledger.poison, 0, ledger.size()).filter(java.util.Objects::nonNull).count();
        long lastReport = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            int stored = c.recordedCopies.size();
            int alerts = c.alertsFor(0, ledger.size());
            if (stored + poison >= ledger.size() && alerts >= stored && c.deadLetters.size() >= poison) {
                Thread.sleep(2_000); // late duplicates, if any, would show now
                return;
            }
            if (System.currentTimeMillis() - lastReport > 10_000) {
                progress.accept("  draining: " + stored + " stored, " + alerts + " alerts, " + c.deadLetters.size() + " dead letters");
                lastReport = System.currentTimeMillis();
            }
            Thread.sleep(200);
        }
        progress.accept("  drain ended after " + s.drain().toSeconds() + " s without everything accounted for");
    }
}
