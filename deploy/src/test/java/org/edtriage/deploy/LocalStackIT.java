package org.edtriage.deploy;

import org.edtriage.deploy.feed.EventTail;
import org.edtriage.deploy.feed.GeneratedSource;
import org.edtriage.deploy.feed.WfdbUploader;
import org.edtriage.infra.ServiceUser;
import org.edtriage.deploy.stack.DemoModel;
import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end across real processes: KRaft broker, Apicurio registry, ingest, scoring and training
 * services as child JVMs; ECGs go in over HTTP and scores, alerts and rejections come out on Kafka.
 */
class LocalStackIT {
    private static LocalStack stack;
    private static EventTail tail;
    private static WfdbUploader uploader;
    private static final Map<String, EcgScore> scores = new ConcurrentHashMap<>();
    private static final List<TriageAlert> alerts = new CopyOnWriteArrayList<>();
    private static final List<RejectedMessage> rejected = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStack() throws Exception {
        Path root = Path.of(System.getProperty("triage.root", "..")).toAbsolutePath().normalize();
        stack = LocalStack.start(root, root.resolve("deploy/target/stack-it"), System.out::println);
        tail = new EventTail(stack.kafkaConnection(), stack.topics(),
                s -> scores.put(s.getEcgId(), s), alerts::add, rejected::add).start();
        uploader = new WfdbUploader(stack.ingest().baseUrl(), stack.sender().basicAuthorization());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (tail != null) tail.close();
        if (stack != null) {
            assertEquals(5, stack.aliveProcesses().size(), "broker, registry and three services run: " + stack.aliveProcesses());
            stack.close();
            assertEquals(List.of(), stack.aliveProcesses(), "still running after the stack stopped");
        }
    }

    @Test
    void ingestRunsWithAKeyMadeForThisDataDirectoryAndRefusesToStartWithoutOne() throws Exception {
        Path key = stack.dataDir().resolve("secrets/pseudonym.key");
        assertTrue(Files.readString(key).length() >= 40, "a random key of 32 bytes");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertFalse(Files.readString(stack.ingest().process().log()).contains(Files.readString(key)), "the key itself is never logged");

        // the packaged service in its production profile, like a hospital would start it, but without a key
        Path root = Path.of(System.getProperty("triage.root", "..")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(stack.dataDir().resolve("ingest-without-key"));
        try (var ingest = org.edtriage.deploy.stack.QuarkusService.start("ingest-without-key",
                root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"), org.edtriage.infra.FreePort.pick(),
                org.edtriage.infra.FreePort.pick(), "-Xmx256m",
                Map.of("triage.kafka.bootstrap-servers", stack.kafka().bootstrapServers(), "triage.registry.url", stack.registry().confluentApiUrl(),
                        "triage.mllp.enabled", "false"), Map.of(), work)) {
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> ingest.awaitReady(java.time.Duration.ofSeconds(60)));
            assertTrue(refused.getMessage().contains("triage.pseudonym.key is not set"), refused.getMessage());
            assertTrue(refused.getMessage().contains("exited with code"), "it stopped instead of running unprotected: " + refused.getMessage());
        }
    }

    @Test
    void aRealPtbXlRecordOfAChestPainVisitGoesInOverHttpAndItsScoreComesOutWithTheSameEcgId() throws Exception {
        Path dir = shared("ptb-xl-500/records500/00000/00001_hr.hea").getParent();
        var record = new org.edtriage.deploy.feed.FolderSource(dir).next();
        assertEquals("00001_hr", record.name());
        try (EventTail.Recorded recorded = recordedTail(); var feeder = new org.edtriage.deploy.feed.Feeder(stack, "http")) {
            assertEquals(null, feeder.send(record), "registration ACKed and the upload accepted");
            String ecgId = await(() -> recorded.byName("00001_hr"), "ecg.recorded for 00001_hr");
            EcgScore score = await(() -> scores.get(ecgId), "score for " + ecgId);
            assertEquals(ecgId, score.getEcgId());
            assertTrue(score.getProbability() >= 0 && score.getProbability() <= 1);
            assertFalse(score.getPlaceholderModel(), "the demo stack scores with its shipped trained model");
            assertEquals(DemoModel.MODEL, score.getModelName());
            assertNotNull(score.getVisitId(), "joined with its chest-pain visit");
            assertFalse(score.getPatientId().contains("15709"), "the hospital's patient id must not reach Kafka");
        }
    }

    @Test
    void generatedChestPainEcgsAreScoredAndEachVisitAlertsOnItsFirstScore() throws Exception {
        GeneratedSource source = new GeneratedSource(99);
        try (EventTail.Recorded recorded = recordedTail(); var feeder = new org.edtriage.deploy.feed.Feeder(stack, "http")) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                var r = source.next();
                assertEquals(null, feeder.send(r));
                names.add(r.name());
            }
            for (String name : names) {
                String id = await(() -> recorded.byName(name), "ecg.recorded for " + name);
                EcgScore s = await(() -> scores.get(id), "score for " + id);
                assertNotNull(s.getVisitId());
                TriageAlert first = await(() -> alerts.stream().filter(x -> s.getVisitId().equals(x.getVisitId()) && !x.getEscalation())
                        .findFirst().orElse(null), "first alert of visit " + s.getVisitId());
                assertFalse(first.getPlaceholderModel());
            }
        }
        // training consumed them into its dataset
        String operator = stack.trainingOperator().basicAuthorization();
        await(() -> {
            String body = get(stack.training().baseUrl() + "/api/dataset", operator);
            if (!body.contains("ecgsStored")) {
                return null;
            }
            return Long.parseLong(jsonField(body, "ecgsStored")) >= 6 ? body : null;
        }, "training dataset to hold the ECGs");
        assertEquals(401, status(stack.training().baseUrl() + "/api/dataset", null), "the training API wants its operator");
        assertEquals(401, status(stack.training().baseUrl() + "/api/dataset", dashboardAuthorization()), "the dashboard's user is not one of training's");
        assertEquals(200, status(stack.training().managementUrl() + "/q/health/ready", null), "probes are open on the management port");
        assertEquals(404, status(stack.training().baseUrl() + "/q/health/ready", null), "and only there");
        assertEquals(401, status(stack.scoring().baseUrl() + "/api/scoring/status", false), "the scoring API wants a signed-in user");
        String status = get(stack.scoring().baseUrl() + "/api/scoring/status", true);
        assertTrue(status.contains("\"placeholder\":false") && status.contains(DemoModel.TRAINED_ARCHITECTURE), status);
        assertTrue(status.contains("NOT FOR CLINICAL USE"), "the release's decision says what the model is: " + status);
    }

    @Test
    void aTruncatedRecordIsRefusedByNameAndItsBytesGoToTheDeadLetterTopic() throws Exception {
        var r = new GeneratedSource(5).next();
        byte[] truncated = Arrays.copyOf(r.data(), r.data().length / 2);
        WfdbUploader.Reply reply = uploader.upload(r.name(), r.header(), truncated, r.registration().hospitalId(), "p-x", null);
        assertEquals(422, reply.status(), reply.body());
        assertEquals("data length", jsonField(reply.body(), "check"));
        assertTrue(reply.body().contains(r.name()), reply.body());
        RejectedMessage dead = await(() -> rejected.stream().filter(m -> m.getReason().contains(r.name())).findFirst().orElse(null),
                "dead letter for " + r.name());
        assertEquals(r.header().length + truncated.length, dead.getRaw().remaining());
    }

    @Test
    void aGeMuseExportIsUploadedOverHttpAndAnUnknownDocumentIsRefusedByName() throws Exception {
        Path muse = shared("vendor-xml/ge-muse/muse_ecg1.xml");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<byte[], java.net.http.HttpResponse<String>> upload = body -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.ingest().baseUrl()
                                + "/api/ecgs?facility=" + org.edtriage.deploy.feed.DemoFacility.NAME + "&patientId=muse-1&name=muse_ecg1.xml"))
                        .header("Authorization", stack.sender().basicAuthorization()).header("Content-Type", "application/xml")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        var accepted = upload.apply(Files.readAllBytes(muse));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("\"leads\":12"), "8 stored leads, 4 derived: " + accepted.body());
        var refused = upload.apply("<shopping><item>milk</item></shopping>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("format", jsonField(refused.body(), "check"));
    }

    @Test
    void everyIngestDoorRefusesWhoIsNotOnItsListAndCountsIt() throws Exception {
        var r = new GeneratedSource(31).next();
        String facility = r.registration().hospitalId();
        String ingest = stack.ingest().baseUrl();
        assertEquals(401, new WfdbUploader(ingest, null).upload(r.name(), r.header(), r.data(), facility, "p-1", null).status(),
                "an upload without credentials");
        ServiceUser impostor = ServiceUser.fresh(stack.sender().name(), "sender");
        assertEquals(401, new WfdbUploader(ingest, impostor.basicAuthorization())
                .upload(r.name(), r.header(), r.data(), facility, "p-1", null).status(), "the sender's name with a wrong password");
        assertEquals(401, new WfdbUploader(ingest, stack.trainingOperator().basicAuthorization())
                .upload(r.name(), r.header(), r.data(), facility, "p-1", null).status(), "training's operator is nobody at ingest");
        WfdbUploader.Reply foreign = uploader.upload(r.name(), r.header(), r.data(), "ELSEWHERE", "p-1", null);
        assertEquals(403, foreign.status(), foreign.body());
        assertTrue(foreign.body().contains("may not send for facility 'ELSEWHERE'"), foreign.body());
        WfdbUploader.Reply foreignPatient = uploader.upload(r.name(), r.header(), r.data(), facility, "p-1@ELSEWHERE", null);
        assertEquals(403, foreignPatient.status(), "its own facility, but another hospital's patient: " + foreignPatient.body());

        // over MLLP this machine is the sender's, but only for its hospitals (MSH-4)
        String oru = org.edtriage.ecg.hl7.OruWriter.write(org.edtriage.ecg.wfdb.WfdbReader.read(r.header(), r.data()),
                org.edtriage.ecg.hl7.OruShape.PCD01, "CTRL-ELSEWHERE", new org.edtriage.ecg.hl7.PatientIdentity("1@ELSEWHERE", "V-E", null,
                        org.edtriage.ecg.Sex.MALE, "ELSEWHERE"), java.time.ZoneOffset.UTC);
        try (var client = new org.edtriage.ingest.mllp.MllpClient("127.0.0.1", stack.mllpPort(), 30_000)) {
            String ack = client.send(oru);
            assertEquals("AR", org.edtriage.ingest.mllp.MllpClient.ackCode(ack), ack);
            assertTrue(ack.contains("may not send for facility 'ELSEWHERE' (MSH-4)"), ack);
        }
        RejectedMessage dead = await(() -> rejected.stream().filter(m -> m.getReason().startsWith("AR 103")).findFirst().orElse(null),
                "the refused ORU on the dead-letter topic");
        assertEquals(oru.length(), dead.getRaw().remaining(), "its bytes kept");

        String metrics = get(stack.ingest().managementUrl() + "/q/metrics");
        for (String reason : List.of("door=\"http\",reason=\"no-credentials\"", "door=\"http\",reason=\"bad-credentials\"",
                "door=\"http\",reason=\"facility-not-allowed\"", "door=\"mllp\",reason=\"facility-not-allowed\"")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("triage_ingest_refusals_total{") && l.contains(reason) && !l.endsWith(" 0.0")),
                    "refusals counted by door and reason: " + reason + "\n" + metrics.lines().filter(l -> l.contains("refusals")).toList());
        }
        String log = Files.readString(stack.ingest().process().log());
        assertTrue(log.contains("(sender 'feed'): 403 sender 'feed' may not send for facility 'ELSEWHERE'"), "the refusal is logged with its sender");
        assertFalse(log.contains(impostor.password()) || log.contains(impostor.basicAuthorization().substring(6)),
                "the refused attempt is logged by the name it gave, never with its password");
        assertEquals(404, status(stack.ingest().baseUrl() + "/q/metrics", null), "no metrics on the ingest API's port");
    }

    @Test
    void anOruOverMllpAndARecordInTheHotFolderAreScoredToo() throws Exception {
        var records = new GeneratedSource(123);
        try (EventTail.Recorded recorded = recordedTail()) {
            sendAndAwait(records, recorded);
        }
    }

    private static void sendAndAwait(GeneratedSource records, EventTail.Recorded recorded) throws Exception {
        try (var feeder = new org.edtriage.deploy.feed.Feeder(stack, "mllp")) {
            var r = records.next();
            assertEquals(null, feeder.send(r), "AA expected");
        }
        try (var feeder = new org.edtriage.deploy.feed.Feeder(stack, "folder")) {
            var r = records.next();
            assertEquals(null, feeder.send(r));
            await(() -> Files.exists(stack.inbox().resolve("done/" + r.name() + ".hea")) ? true : null, "hot folder to take " + r.name());
        }
        for (String source : List.of("hl7-mllp", "hot-folder")) {
            String ecgId = await(() -> recorded.bySource(source), "an ECG from " + source);
            // every generated record belongs to a chest-pain visit registered over MLLP first
            await(() -> scores.get(ecgId), "score for the " + source + " ECG " + ecgId);
        }
        String metrics = get(stack.ingest().managementUrl() + "/q/metrics");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("triage_ingest_messages_total") && l.contains("ack=\"AA\"")
                && l.contains("type=\"ORU^R01\"")), "Prometheus metrics count the ACKed ORU");
    }

    @Test
    void aFolderOfVendorExportsGoesInThroughEveryDoorAndReadsTheSameThroughEach() throws Exception {
        Path dir = shared("vendor-xml");
        Map<String, List<Double>> probabilities = new java.util.LinkedHashMap<>();
        // ./triage up --feed DIR --via http|mllp|folder: the GE MUSE and the Philips export, uploaded, embedded in an ORU^R01, dropped
        Map<String, String> doors = Map.of("http", "document-upload", "mllp", "hl7-mllp", "folder", "hot-folder");
        try (EventTail.Recorded recorded = recordedTail()) {
            for (String via : List.of("http", "mllp", "folder")) {
                var source = new org.edtriage.deploy.feed.FolderSource(dir);
                assertTrue(source.describe().startsWith("2 "), source.describe());
                java.util.Set<String> before = recorded.allBySource(doors.get(via));
                try (var feeder = new org.edtriage.deploy.feed.Feeder(stack, via)) {
                    while (source.hasNext()) {
                        var r = source.next();
                        assertTrue(r.isDocument(), r.name());
                        assertEquals(null, feeder.send(r), via + " " + r.name());
                    }
                }
                java.util.Set<String> fresh = await(() -> {
                    var now = new java.util.HashSet<>(recorded.allBySource(doors.get(via)));
                    now.removeAll(before);
                    return now.size() >= 2 ? now : null;
                }, "the two documents on ecg.recorded via " + via);
                List<Double> p = new java.util.ArrayList<>();
                for (String ecgId : fresh) {
                    p.add(await(() -> scores.get(ecgId), "score for " + ecgId).getProbability());
                }
                java.util.Collections.sort(p);
                probabilities.put(via, p);
            }
        }
        // the same two ECGs whichever door they took: the same two scores (float inference, batched differently: 1e-4)
        List<Double> http = probabilities.get("http");
        for (String via : List.of("mllp", "folder")) {
            for (int i = 0; i < 2; i++) {
                assertEquals(http.get(i), probabilities.get(via).get(i), 1e-4, via + " vs http: " + probabilities);
            }
        }
        assertTrue(Math.abs(http.get(0) - http.get(1)) > 1e-3, "two different ECGs, two different scores: " + http);
    }

    @Test
    void aSimulatedCohortPlaysInOverMllpAndOntoKafka() throws Exception {
        try (EventTail.Recorded recorded = recordedTail()) {
            var cohort = new org.edtriage.ecg.simulate.Cohort(org.edtriage.ecg.simulate.CohortConfig.defaults(77, 50));
            org.edtriage.deploy.feed.CohortFeed.Progress overMllp;
            try (var sink = org.edtriage.deploy.feed.CohortFeed.mllp("127.0.0.1", stack.mllpPort())) {
                overMllp = org.edtriage.deploy.feed.CohortFeed.play(cohort, sink, 0, 0, 25, System.out::println);
            }
            assertEquals(0, overMllp.refused(), "every ADT and ORU acknowledged AA");
            assertTrue(overMllp.visits() > 0 && overMllp.ecgs() > 0, overMllp.toString());
            org.edtriage.deploy.feed.CohortFeed.Progress onKafka;
            var another = new org.edtriage.ecg.simulate.Cohort(org.edtriage.ecg.simulate.CohortConfig.defaults(78, 50));
            try (var sink = org.edtriage.deploy.feed.CohortFeed.kafka(stack.kafka().bootstrapServers(), stack.topics())) {
                onKafka = org.edtriage.deploy.feed.CohortFeed.play(another, sink, 0, 0, 60, System.out::println);
            }
            assertEquals(0, onKafka.refused());
            await(() -> recorded.bySource("simulator"), "an ECG produced by the simulator feed");
            // the cohort holds chest-pain and other visits: its chest-pain visits' ECGs are scored, joined with their visit
            EcgScore scored = await(() -> recorded.allBySource("simulator").stream().map(scores::get).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null), "a score for a chest-pain visit's simulated ECG");
            assertNotNull(scored.getVisitId());
        }
    }

    @Test
    void inChromiumTheDashboardSignsInShowsANewAlertLiveAndDrawsTheVisitsEcg() throws Exception {
        if (!Chromium.installed()) {
            System.out.println("SKIPPED LocalStackIT.inChromiumTheDashboardSignsInShowsANewAlertLiveAndDrawsTheVisitsEcg: "
                    + "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        }
        Assumptions.assumeTrue(Chromium.installed(), "chromium not installed (test skipped)");
        for (String api : List.of("/api/alerts", "/api/alerts/stream", "/api/visits/x", "/api/ecgs/x", "/q/openapi")) {
            assertEquals(401, status(stack.scoring().baseUrl() + api, false), api + " without signing in");
        }
        assertEquals(200, status(stack.scoring().baseUrl() + "/q/openapi", true), "the OpenAPI document, signed in");

        org.openqa.selenium.chrome.ChromeDriver browser = Chromium.start();
        var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(60));
        try {
            browser.get(stack.scoring().baseUrl() + "/");
            wait.until(d -> d.findElement(org.openqa.selenium.By.id("login")).isDisplayed());
            browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(LocalStack.DASHBOARD_USER);
            browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(stack.dashboardPassword());
            browser.findElement(org.openqa.selenium.By.id("sign-in")).click();
            wait.until(d -> d.findElement(org.openqa.selenium.By.id("board")).isDisplayed());
            wait.until(d -> d.findElement(org.openqa.selenium.By.id("live")).getAttribute("class").contains("on"));

            // a new chest-pain visit's ECG arrives while the page is open: its alert must appear without a reload
            var record = new GeneratedSource(4242).next();
            String visitId;
            try (EventTail.Recorded recorded = recordedTail(); var feeder = new org.edtriage.deploy.feed.Feeder(stack, "http")) {
                assertEquals(null, feeder.send(record));
                String ecgId = await(() -> recorded.byName(record.name()), "ecg.recorded for " + record.name());
                visitId = await(() -> scores.get(ecgId), "score for " + ecgId).getVisitId();
            }
            String selector = "#alerts li[data-visit='" + visitId + "']";
            var row = wait.until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.cssSelector(selector)));
            assertTrue(row.getAttribute("class").matches(".*(RULE_IN|OBSERVE|RULE_OUT).*"), "coloured by level: " + row.getAttribute("class"));
            row.click();
            wait.until(d -> {
                String drawn = d.findElement(org.openqa.selenium.By.id("ecg")).getDomAttribute("data-drawn");
                return drawn != null && !drawn.isEmpty();
            });
            Number ink = (Number) browser.executeScript(
                    "const c = document.getElementById('ecg'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) n++; return n;");
            assertTrue(ink.intValue() > 2000, "the ECG's traces are drawn on the grid: " + ink + " dark pixels");
            assertTrue(browser.findElements(org.openqa.selenium.By.cssSelector("#scores tbody tr")).size() >= 1, "the score history is listed");
            // the audit trail: the clinician's opening of this visit, and of its ECG, recorded before they were shown
            List<org.edtriage.schemas.events.DashboardAccess> trail = accessesOf(LocalStack.DASHBOARD_USER);
            assertTrue(trail.stream().anyMatch(a -> a.getAction().equals("visit") && a.getSubjectId().equals(visitId)
                    && "127.0.0.1".equals(a.getClient())), "the visit's opening is on dashboard.access: " + trail);
            assertTrue(trail.stream().anyMatch(a -> a.getAction().equals("ecg")), "so is the ECG's: " + trail);
            Path shot = Path.of("target", "dashboard-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            System.out.println("dashboard screenshot: " + shot.toAbsolutePath());
        } finally {
            browser.quit();
        }
    }

    /** Everything on dashboard.access for a user, read from the start once the topic is quiet. */
    private static List<org.edtriage.schemas.events.DashboardAccess> accessesOf(String user) {
        var topic = stack.topics().dashboardAccess;
        List<org.edtriage.schemas.events.DashboardAccess> out = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(stack.kafkaConnection().config(java.util.Map.of(
                "isolation.level", "read_committed")), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(500))) {
                    var a = topic.deserializeValue(r.value());
                    if (a.getUser().equals(user)) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    /** A file under ../shared/data, or the calling test aborted (reported as skipped, by name, in the build log). */
    private static Path shared(String relative) {
        Path p = Path.of(System.getProperty("triage.shared.data", "../../shared/data"), relative);
        if (!Files.exists(p)) {
            String test = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().map(f -> f.getMethodName()).orElse("?"));
            System.out.println("SKIPPED LocalStackIT." + test + ": shared data not present at " + p);
        }
        Assumptions.assumeTrue(Files.exists(p), "shared data not present: " + p + " (test skipped)");
        return p;
    }

    /** ecgIds by source, from ecg.recorded. */
    private static EventTail.Recorded recordedTail() {
        return new EventTail.Recorded(stack.kafkaConnection(), stack.topics());
    }

    private static <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String get(String url) {
        return get(url, (String) null);
    }

    private static String get(String url, boolean signedIn) {
        return get(url, signedIn ? dashboardAuthorization() : null);
    }

    /** The body, or "{}" while the service cannot answer; {@code authorization} null for none. */
    private static String get(String url, String authorization) {
        try {
            return HttpClient.newHttpClient().send(request(url, authorization), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "{}";
        }
    }

    private static int status(String url, boolean signedIn) throws Exception {
        return status(url, signedIn ? dashboardAuthorization() : null);
    }

    private static int status(String url, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(request(url, authorization), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest request(String url, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static String dashboardAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (LocalStack.DASHBOARD_USER + ":" + stack.dashboardPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A flat JSON object's field, without pulling a JSON library into the test for three fields. */
    private static String jsonField(String json, String field) {
        var m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*\"?([^\",}]*)\"?").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no field " + field + " in " + json);
        }
        return m.group(1);
    }
}
