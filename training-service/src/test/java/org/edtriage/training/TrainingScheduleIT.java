package org.edtriage.training;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.infra.ChildJvm;
import org.edtriage.infra.FreePort;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.infra.ServiceUser;
import org.edtriage.model.store.ModelStore;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The training service as ops run it: its packaged fast-jar in a child JVM on a real KRaft broker and
 * schema registry. Each of the three ways a cycle starts is exercised — the cron expression, {@code POST
 * /api/cycles}, and "every N newly labelled visits" after a restart — and every release the cycles make
 * reaches {@code model.releases}. The release rule is relaxed by configuration (a 1-epoch model on a
 * tiny cohort is near chance): ReleaseGateTest is about the rule, this test about the schedule.
 */
class TrainingScheduleIT {
    private static final Path ROOT = Path.of(System.getProperty("triage.root", "..")).toAbsolutePath().normalize();
    /** Ops: starts cycles. Monitoring: reads the dataset, may not start a cycle. */
    private static final ServiceUser OPERATOR = ServiceUser.fresh("ops", "operator");
    private static final ServiceUser MONITOR = ServiceUser.fresh("grafana", "monitoring");

    @Test
    void cronRestAndNewLabelsEachRunACycleAndEveryReleaseIsPublished(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(ROOT), dir.resolve("registry"), 0)) {
            Topics topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                TopicProvisioner provisioner = new TopicProvisioner(topics);
                provisioner.createTopics(admin, Replication.SINGLE_NODE);
                provisioner.registerSchemas();
            }
            List<CohortEvent> events = new ArrayList<>();
            Cohort cohort = new Cohort(CohortConfig.defaults(23, 400).withAmiIncidence(0.3));
            while (cohort.hasNext()) {
                events.add(cohort.next());
            }
            long totalOutcomes = count(events, CohortEvent.Outcome.class);
            // the first part holds the first 60 % of the outcomes (events are in time order); the rest comes later
            int cut = 0;
            for (long outcomes = 0; outcomes < totalOutcomes * 6 / 10; cut++) {
                outcomes += events.get(cut) instanceof CohortEvent.Outcome ? 1 : 0;
            }
            List<CohortEvent> first = events.subList(0, cut), later = events.subList(cut, events.size());
            long laterOutcomes = count(later, CohortEvent.Outcome.class);

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("triage.kafka.bootstrap-servers", broker.bootstrapServers());
            settings.put("triage.registry.url", registry.confluentApiUrl());
            settings.put("triage.training.dataset-dir", dir.resolve("dataset").toString());
            settings.put("triage.training.work-dir", dir.resolve("work").toString());
            settings.put("triage.training.model-store", dir.resolve("models").toString());
            settings.put("triage.training.preset", "quick");
            settings.put("triage.training.pretrain-task", "sex");
            settings.put("triage.training.gate.margin", "2"); // above 1: an AUC difference lies in [−1, 1], so every challenger passes (with 1, a bootstrap lower bound of exactly −1 on 19 ECGs refused one)
            settings.put("triage.training.gate.resamples", "200");
            settings.putAll(OPERATOR.serviceProperties());
            settings.putAll(MONITOR.serviceProperties());

            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer())) {
                SimulatedFeed.send(producer, topics, first);

                // 1. a cron expression that fires once, 20 s from now (Quartz: second minute hour day month weekday); the
                // service is ready in about 5 s when nothing else runs
                ZonedDateTime at = ZonedDateTime.now().plusSeconds(20);
                Map<String, String> cron = new LinkedHashMap<>(settings);
                cron.put("triage.training.cron", at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?");
                try (Service service = Service.start(dir, cron)) {
                    assertTrue(ZonedDateTime.now().isBefore(at), "the service was ready only after its cron time " + at + ": the test cannot tell");
                    String cronCycle = service.awaitLastCycle(s -> s.startsWith("cron:"), Duration.ofSeconds(240));
                    assertTrue(cronCycle.startsWith("cron: released"), cronCycle);
                    assertTrue(cronCycle.contains("no champion"), "the first release has no champion to beat: " + cronCycle);

                    // who may: nobody unsigned, monitoring only reads; probes and scraping are open on the management port only
                    assertEquals(401, service.status("GET", "/api/dataset", null), "the dataset without credentials");
                    assertEquals(401, service.status("POST", "/api/cycles", null), "a cycle without credentials");
                    assertEquals(401, service.status("POST", "/api/cycles", ServiceUser.fresh("ops", "operator").basicAuthorization()),
                            "a cycle with a wrong password");
                    assertEquals(403, service.status("POST", "/api/cycles", MONITOR.basicAuthorization()), "monitoring may not start a cycle");
                    assertEquals(200, service.managementStatus("/q/health/ready"));
                    assertEquals(404, service.status("GET", "/q/metrics", null), "no metrics on the API's port");

                    // 2. ops ask for a cycle over REST; it compares against the champion the cron cycle released
                    String rest = service.post("/api/cycles");
                    assertTrue(rest.startsWith("requested over REST: released"), rest);
                    assertTrue(rest.contains("vs champion"), rest);

                    // 3. ops roll back to the first release: recorded, announced to the scorers; monitoring may only list
                    String firstVersion = ModelStore.open(dir.resolve("models").toString()).decisions("ami").get(0).version();
                    assertEquals(403, service.status("POST", "/api/releases/" + firstVersion + "/rollback", MONITOR.basicAuthorization()));
                    assertEquals(404, service.status("POST", "/api/releases/no-such-version/rollback", OPERATOR.basicAuthorization()),
                            "a version never released");
                    String rolledBack = service.post("/api/releases/" + firstVersion + "/rollback?reason=IT");
                    assertTrue(rolledBack.startsWith("active: " + firstVersion), rolledBack);
                    assertEquals(200, service.status("GET", "/api/releases", MONITOR.basicAuthorization()));

                    // what ops scrape: cycles by trigger and outcome, the dataset's size, the last release, the JVM
                    String metrics = service.managementGet("/q/metrics");
                    assertEquals(1.0, metric(metrics, "triage_training_cycles_total", "trigger=\"cron\"", "outcome=\"released\""), 0);
                    assertEquals(1.0, metric(metrics, "triage_training_cycles_total", "trigger=\"request\"", "outcome=\"released\""), 0);
                    assertEquals(2.0, metric(metrics, "triage_training_cycle_duration_seconds_count", "outcome=\"released\""), 0);
                    assertEquals(Double.parseDouble(service.dataset().get("ecgsStored")), metric(metrics, "triage_training_dataset_ecgs"), 0);
                    double lastRelease = metric(metrics, "triage_training_last_release");
                    assertTrue(Math.abs(lastRelease - System.currentTimeMillis() / 1000.0) < 600, "released minutes ago: " + lastRelease);
                    assertEquals(0.0, metric(metrics, "triage_training_feed_undecodable"), 0);
                    assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
                }

                // 4. after a restart: no cron; a cycle after every N newly labelled visits, N = what arrives next
                Map<String, String> labels = new LinkedHashMap<>(settings);
                labels.put("triage.training.every-labelled-visits", Long.toString(laterOutcomes));
                labels.put("triage.training.check-every", "1s");
                try (Service service = Service.start(dir, labels)) {
                    Thread.sleep(3000);
                    assertEquals("none yet", service.dataset().get("lastCycle"), "the labels of before the restart start no cycle");
                    SimulatedFeed.send(producer, topics, later);
                    // a sender's retry re-sends ECGs the store already holds
                    SimulatedFeed.send(producer, topics, first.stream().filter(e -> e instanceof CohortEvent.Recording).limit(50).toList());
                    String labelCycle = service.awaitLastCycle(s -> !s.equals("none yet"), Duration.ofSeconds(240));
                    assertTrue(labelCycle.startsWith(laterOutcomes + " new labelled visits: released"), labelCycle);
                    Map<String, String> dataset = service.awaitDataset(d -> Long.parseLong(d.get("ecgsStored")) == count(events, CohortEvent.Recording.class),
                            Duration.ofSeconds(60));
                    assertEquals(Long.toString(totalOutcomes), dataset.get("outcomes"), "each outcome once across the restart");
                    Thread.sleep(2000);
                    assertEquals(Long.toString(count(events, CohortEvent.Recording.class)), service.dataset().get("ecgsStored"),
                            "re-sent ECGs are not stored twice");
                }
            }

            List<ModelStore.Decision> decisions = ModelStore.open(dir.resolve("models").toString()).decisions("ami");
            assertEquals(List.of("released", "released", "rollback", "released"), decisions.stream().map(ModelStore.Decision::kind).toList(),
                    "one decision per cycle and the rollback between them: " + decisions);
            assertEquals(decisions.get(0).version(), decisions.get(2).version(), "the rollback re-activates the first release");
            List<ModelRelease> published = releases(broker, topics, 4);
            assertEquals(decisions.stream().map(ModelStore.Decision::version).toList(), published.stream().map(ModelRelease::getVersion).toList(),
                    "every release and the rollback announced, in order");
            for (int i = 0; i < 4; i++) {
                assertEquals(decisions.get(i).sha256(), published.get(i).getSha256());
            }
        }
    }

    /** The packaged service (Quarkus' quarkus-run.jar) in a child JVM, as the local stack runs it. */
    private record Service(ChildJvm process, String baseUrl, String managementUrl, HttpClient http) implements AutoCloseable {
        static Service start(Path dir, Map<String, String> properties) throws Exception {
            Path app = ROOT.resolve("training-service/target/quarkus-app/quarkus-run.jar");
            assertTrue(Files.isRegularFile(app), "the service is packaged before integration tests: " + app);
            int port = FreePort.pick(), management = FreePort.pick();
            Path djlCache = ROOT.resolve("target/djl-cache");
            ChildJvm.Builder builder = ChildJvm.builder("training-service")
                    .classPath(app.toString())
                    .jvmOption("-Xmx512m")
                    .jvmOption("--add-opens=java.base/java.lang=ALL-UNNAMED")
                    .systemProperty("quarkus.http.host", "127.0.0.1")
                    .systemProperty("quarkus.http.port", Integer.toString(port))
                    .systemProperty("quarkus.management.port", Integer.toString(management))
                    .systemProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager")
                    .systemProperty("ai.djl.offline", "true")
                    .systemProperty("DJL_CACHE_DIR", djlCache.toString())
                    .env("DJL_CACHE_DIR", djlCache.toString())
                    .main("io.quarkus.bootstrap.runner.QuarkusEntryPoint")
                    .workDir(dir.resolve("service"))
                    .log(dir.resolve("service/training-service.log"));
            properties.forEach(builder::systemProperty);
            Service service = new Service(builder.start(), "http://127.0.0.1:" + port, "http://127.0.0.1:" + management,
                    HttpClient.newHttpClient());
            service.awaitReady();
            return service;
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                process.checkAlive();
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // keep waiting
                }
                if (System.nanoTime() > deadline) {
                    fail("training-service not ready; log:\n" + process.logTail(40));
                }
                Thread.sleep(250);
            }
        }

        /** From the management interface (probes, metrics), which asks for no credentials. */
        String managementGet(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        }

        int managementStatus(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(managementUrl + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        Map<String, String> dataset() throws Exception {
            // as monitoring reads it
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/dataset"))
                    .header("Authorization", MONITOR.basicAuthorization()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String json = r.body();
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = Pattern.compile("\"(\\w+)\":(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))").matcher(json);
            while (m.find()) {
                fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
            }
            return fields;
        }

        Map<String, String> awaitDataset(Predicate<Map<String, String>> condition, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                process.checkAlive();
                Map<String, String> d = dataset();
                if (condition.test(d)) {
                    return d;
                }
                if (System.nanoTime() > deadline) {
                    fail("dataset never reached the expected state: " + d + "\nlog:\n" + process.logTail(40));
                }
                Thread.sleep(500);
            }
        }

        String awaitLastCycle(Predicate<String> condition, Duration timeout) throws Exception {
            return awaitDataset(d -> condition.test(d.getOrDefault("lastCycle", "")), timeout).get("lastCycle");
        }

        /** As the operator. */
        String post(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", OPERATOR.basicAuthorization()).timeout(Duration.ofMinutes(4)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        }

        /** The status a request gets; {@code authorization} null for none. */
        int status(String method, String path, String authorization) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method, HttpRequest.BodyPublishers.noBody());
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        @Override
        public void close() {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** The value of the one Prometheus sample of {@code name} whose labels include all of {@code labels}. */
    private static double metric(String exposition, String name, String... labels) {
        List<Double> values = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String labelPart = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
                if (java.util.Arrays.stream(labels).allMatch(labelPart::contains)) {
                    values.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        }
        assertEquals(1, values.size(), "one sample of " + name + " " + List.of(labels) + " in:\n" + exposition);
        return values.get(0);
    }

    private static long count(List<CohortEvent> events, Class<? extends CohortEvent> kind) {
        return events.stream().filter(kind::isInstance).count();
    }

    private static List<ModelRelease> releases(KafkaBroker broker, Topics topics, int expected) {
        List<ModelRelease> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "schedule-it", "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.modelReleases.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(topics.modelReleases.deserializeValue(r.value())));
            }
        }
        return seen;
    }
}
