package org.edtriage.deploy.cli;

import org.edtriage.deploy.feed.EcgSource;
import org.edtriage.deploy.feed.EventTail;
import org.edtriage.deploy.feed.Feeder;
import org.edtriage.deploy.feed.FolderSource;
import org.edtriage.deploy.feed.GeneratedSource;
import org.edtriage.deploy.feed.GroundTruthTally;
import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.deploy.stack.SingleSignOn;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** {@code ./triage up}: broker, registry, the three services, a feed of ECGs, and the scores and alerts as they come. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the whole platform locally (embedded Kafka + schema registry + services), feed it ECGs "
                + "and print scores and alerts as they arrive. Ctrl-C stops everything.")
public final class UpCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--feed", paramLabel = "DIR", description = "Send the WFDB records under DIR (e.g. ../shared/data/ptb-xl-500) instead of generated ECGs.")
    Path feed;

    @Option(names = "--via", defaultValue = "http", description = "How the feed reaches ingest: http (WFDB upload), "
            + "mllp (HL7 v2 ORU^R01, PCD-01 shape) or folder (the WFDB hot folder). Default: ${DEFAULT-VALUE}.")
    String via;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker data and service logs (wiped at start). Default: target/stack in the checkout.")
    Path dataDir;

    @Option(names = "--interval", defaultValue = "PT1S", description = "Time between two ECGs sent (ISO-8601 duration, default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", description = "Send at most this many ECGs (0: no limit).")
    int count;

    @Option(names = "--exit-after-alerts", defaultValue = "0", description = "Stop the stack after this many alerts (0: run until Ctrl-C).")
    int exitAfterAlerts;

    @Option(names = "--placeholder", paramLabel = "ARCHITECTURE",
            description = "Run an UNTRAINED network of this zoo architecture instead of the shipped model trained on simulated data "
                    + "(its scores mean nothing; load tests use it to measure other architectures), and no continuous training.")
    String placeholder;

    @Option(names = "--brokers", defaultValue = "1",
            description = "Kafka nodes: 1 (default; one copy of every record), or 3 and more: a replicated KRaft cluster whose topics keep "
                    + "3 copies with 2 in sync, so one node may fail with nothing lost.")
    int brokers;

    @Option(names = "--replicas", defaultValue = "1",
            description = "Instances of ingest and of scoring (default ${DEFAULT-VALUE}). With 2, each has its own MLLP and HTTP ports, "
                    + "ingest instances share what they accepted, and scoring keeps a standby copy of its state on the other, so "
                    + "either may fail; use with --brokers 3.")
    int replicas;

    @Option(names = "--secure",
            description = "Kafka over TLS with sign-in (SASL_SSL, SCRAM-SHA-512; a certificate made for this run) and ACLs: each service "
                    + "its own principal with exactly the rights of deploy/k8s/base/kafka-users.yaml. One Kafka node. The default is "
                    + "plaintext on loopback without sign-in, for the demo.")
    boolean secure;

    @Option(names = "--oidc-issuer", paramLabel = "URL",
            description = "Sign dashboard users in through this OpenID Connect provider (the realm's issuer URL, e.g. "
                    + "https://sso.hospital.example/realms/ed) instead of the stack's one user; its role clinician or admin sees the board. "
                    + "With --oidc-client-id; the client secret from the environment variable " + OIDC_SECRET_VARIABLE + " or --oidc-client-secret-file.")
    URI oidcIssuer;

    @Option(names = "--oidc-client-id", defaultValue = "triage-dashboard", description = "The dashboard's client at the provider (default ${DEFAULT-VALUE}).")
    String oidcClientId;

    @Option(names = "--oidc-client-secret-file", paramLabel = "FILE", description = "A file holding the client secret (one line).")
    Path oidcClientSecretFile;

    /** Where the client secret may come from besides a file: never a command-line argument. */
    static final String OIDC_SECRET_VARIABLE = "TRIAGE_OIDC_CLIENT_SECRET";

    private volatile boolean stopping;
    private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

    private SingleSignOn singleSignOn() throws IOException {
        if (oidcIssuer == null) {
            return null;
        }
        String secret = oidcClientSecretFile != null ? Files.readString(oidcClientSecretFile).strip() : System.getenv(OIDC_SECRET_VARIABLE);
        if (secret == null || secret.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--oidc-issuer needs the client secret of '"
                    + oidcClientId + "': set " + OIDC_SECRET_VARIABLE + " or give --oidc-client-secret-file");
        }
        return new SingleSignOn(oidcIssuer, oidcClientId, secret);
    }

    @Override
    public Integer call() throws Exception {
        Path home = TriageCommand.home();
        Path data = dataDir != null ? dataDir : home.resolve("target/stack");
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger alerts = new AtomicInteger();
        GroundTruthTally tally = new GroundTruthTally();
        AtomicLong firstAlertAt = new AtomicLong();

        DjlOffline.configure(); // the stack releases its demo model from this JVM
        say("ED ECG triage platform, local stack (data: " + data + ")");
        LocalStack stack = LocalStack.start(home, data, placeholder, brokers, replicas, secure, singleSignOn(), this::say);
        if (placeholder == null) {
            say("continuous training: the training service continues the model every " + LocalStack.DEMO_CYCLE_VISITS
                    + " labelled visits the feed's outcomes bring; each cycle's gate decision is printed here");
        }
        say("ED dashboard: " + stack.scoring().baseUrl() + "/  " + (oidcIssuer != null ? "(sign-in through " + oidcIssuer
                + ", client " + oidcClientId + "; API clients: " : "(") + "user " + LocalStack.DASHBOARD_USER + ", password "
                + stack.dashboardPassword() + ": made for this run only)");
        say("training API: " + stack.training().baseUrl() + "/api/dataset, POST /api/cycles  (user " + stack.trainingOperator().name()
                + ", password " + stack.trainingOperator().password() + ": made for this run only)");
        say("ECG upload: POST " + stack.ingest().baseUrl() + "/api/ecgs/wfdb?facility=...  (sender " + stack.sender().name()
                + ", password " + stack.sender().password() + ": made for this run only; facilities " + LocalStack.SENDER_FACILITIES
                + ", the same for MLLP senders on 127.0.0.1)");
        say("probes and metrics: " + stack.ingest().managementUrl() + ", " + stack.scoring().managementUrl() + ", "
                + stack.training().managementUrl() + "  (/q/health, /q/metrics; management ports, no credentials)");
        stack.certificate().ifPresent(c -> say("HTTPS and Kafka TLS present a certificate made for this run: " + c
                + " (trust it: curl --cacert, or your browser's certificate settings)"));
        Thread shutdown = new Thread(() -> {
            stopping = true;
            if (feed == null) {
                tally.summary().forEach(this::say); // also on Ctrl-C
            }
            say("stopping ...");
            stack.close();
            var alive = stack.aliveProcesses();
            say(alive.isEmpty() ? "stopped; no process left behind" : "still running: " + alive);
        }, "triage-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        EventTail tail = new EventTail(stack.kafkaConnection(), stack.topics(),
                this::printScore,
                alert -> {
                    int n = alerts.incrementAndGet();
                    if (n == 1) {
                        firstAlertAt.set(System.currentTimeMillis());
                        say(String.format(Locale.ROOT, "first alert %.1f s after the command started", (firstAlertAt.get() - jvmStart) / 1000.0));
                    }
                    printAlert(alert);
                    tally.alert(alert.getVisitId(), alert.getLevel());
                    if (exitAfterAlerts > 0 && n >= exitAfterAlerts) {
                        done.countDown();
                    }
                },
                this::printRejected).start();

        java.util.concurrent.ScheduledExecutorService cycles = watchTrainingCycles(stack);

        EcgSource source = feed != null ? new FolderSource(feed) : new GeneratedSource(20261122L);
        if (!java.util.List.of("http", "mllp", "folder").contains(via)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--via must be http, mllp or folder");
        }
        say("feeding " + source.describe() + " via " + via + " every " + interval.toMillis() + " ms");
        say("scores and alerts follow; Ctrl-C stops everything");
        Feeder feeder = new Feeder(stack, via);
        int sent = 0;
        while (source.hasNext() && (count == 0 || sent < count) && done.getCount() > 0) {
            EcgSource.Record r = source.next();
            if (r.ami() != null && r.visitId() != null) {
                tally.fed(stack.pseudonym("visit", r.visitId()), r.ami());
            }
            try {
                String refusal = feeder.send(r);
                sent++;
                if (refusal != null) {
                    say("ingest refused " + r.name() + ": " + refusal);
                }
            } catch (java.io.IOException e) {
                if (stopping) {
                    break; // Ctrl-C: the services are going away under the feed
                }
                say("could not send " + r.name() + " to ingest: " + e);
            }
            done.await(interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        say("sent " + sent + " ECGs" + (exitAfterAlerts > 0 ? "; waiting for " + exitAfterAlerts + " alerts" : "; running until Ctrl-C"));
        if (exitAfterAlerts > 0) {
            done.await(5, TimeUnit.MINUTES);
        } else {
            done.await();
        }
        tail.close();
        feeder.close();
        cycles.shutdownNow();
        Runtime.getRuntime().removeShutdownHook(shutdown);
        shutdown.run();
        return exitAfterAlerts > 0 && alerts.get() < exitAfterAlerts ? 1 : 0;
    }

    /**
     * Continuous training made visible: the training service's last cycle (what triggered it, the gate's decision and
     * why), printed whenever it changes.
     */
    private java.util.concurrent.ScheduledExecutorService watchTrainingCycles(LocalStack stack) {
        var http = stack.http();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.training().baseUrl() + "/api/dataset"))
                .header("Authorization", stack.trainingOperator().basicAuthorization()).build();
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "training-watch");
            t.setDaemon(true);
            return t;
        });
        String[] last = {null};
        timer.scheduleWithFixedDelay(() -> {
            try {
                var stats = org.edtriage.training.report.RunReport.JSON.readTree(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                String cycle = stats.path("lastCycle").isNull() ? null : stats.path("lastCycle").asText(null);
                if (cycle != null && !cycle.equals(last[0])) {
                    last[0] = cycle;
                    say("TRAINING " + cycle + String.format(Locale.ROOT, "  (dataset: %d labelled visits, %d AMI)",
                            stats.path("outcomes").asLong(), stats.path("amiOutcomes").asLong()));
                }
            } catch (Exception e) {
                // the training service is starting or stopping: try again later
            }
        }, 5, 5, TimeUnit.SECONDS);
        return timer;
    }

    private void printScore(EcgScore s) {
        say(String.format(Locale.ROOT, "SCORE  %s  patient %s  visit %s  p=%.3f  %s %s  latency: queue %.0f ms, prep %.1f ms, inference %.1f ms",
                s.getEcgId(), s.getPatientId(), s.getVisitId(), s.getProbability(), s.getModelName(),
                s.getPlaceholderModel() ? "(UNTRAINED PLACEHOLDER)" : s.getModelVersion(),
                s.getLatency().getQueueMs(), s.getLatency().getPreprocessMs(), s.getLatency().getInferenceMs()));
    }

    private void printAlert(TriageAlert a) {
        say(String.format(Locale.ROOT, "ALERT  %-8s visit %s  patient %s  p=%.3f  ecg %s  ingest->alert %d ms%s",
                a.getLevel(), a.getVisitId(), a.getPatientId(), a.getProbability(), a.getEcgId(),
                a.getRaisedAt().toEpochMilli() - a.getIngestedAt().toEpochMilli(),
                a.getPlaceholderModel() ? "  (placeholder model: not clinical)" : ""));
    }

    private void printRejected(RejectedMessage r) {
        say("REJECTED from " + r.getSourceId() + " (" + r.getSource() + "): " + r.getReason());
    }

    private void say(String line) {
        System.out.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.currentTimeMillis() - jvmStart) / 1000.0, line);
    }
}
