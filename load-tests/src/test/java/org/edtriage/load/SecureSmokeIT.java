package org.edtriage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.load.run.LoadRun;
import org.edtriage.load.run.Report;
import org.edtriage.load.run.Scenario;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secure stack (`./triage up --secure`): Kafka over SASL_SSL with a certificate made at start, each service signed in
 * as its own principal with only the ACLs of deploy/k8s/base/kafka-users.yaml — the rights the Kubernetes deployment
 * gives them — passes the steady smoke through all three entry points, and a client that does not sign in gets nothing.
 */
class SecureSmokeIT {
    private static final Path ROOT = Path.of(System.getProperty("triage.root", "..")).toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("load-tests/target/smoke-secure");

    @Test
    void eachServiceAsItsOwnPrincipalCarriesEveryEcgToItsAlert() throws Exception {
        try (LocalStack stack = LocalStack.start(ROOT, OUT.resolve("stack"), "cnn20k", 1, 1, true, System.out::println)) {
            assertTrue(stack.secure());
            Report r = LoadRun.run(Scenario.load("smoke-secure", Map.of()), stack, null, OUT.resolve("run"), System.out::println);
            System.out.println(r);
            JsonNode acc = new ObjectMapper().readTree(OUT.resolve("run/summary.json").toFile()).get("accounting");
            assertEquals(20, acc.get("stored").asInt(), "every ECG stored (ingest's principal writes ECGs, visits, control ids)");
            assertEquals(20, acc.get("alerts").asInt(), "one alert per visit (scoring's principal reads, scores and alerts)");
            assertEquals(0, acc.get("alertDuplicates").asInt());
            assertTrue(r.passed(), r.toString());
            for (String service : new String[]{"ingest", "scoring", "training"}) {
                // started with its own principal's client properties (the broker has no other door for it)...
                String command = ProcessHandle.of(stack.instance(service + "-service").process().pid()).orElseThrow().info().commandLine().orElse("");
                assertTrue(command.contains("-Dtriage.kafka.client-properties=") && command.contains("kafka-" + service + ".properties"), command);
                assertFalse(command.contains("password"), "no password on a command line a process list shows");
                // ...and refused nothing it needed
                String log = Files.readString(OUT.resolve("stack").resolve(service).resolve(service + "-service.log"));
                assertFalse(log.contains("AuthorizationException") || log.contains("AuthenticationException"), service + " was refused something: "
                        + log.lines().filter(l -> l.contains("AuthorizationException") || l.contains("AuthenticationException")).findFirst().orElse(""));
            }
            // every HTTP API and the schema registry speak only https, with the certificate made for this run
            List<String> apis = List.of(stack.ingest().baseUrl() + "/api/ecgs/wfdb", stack.scoring().baseUrl() + "/api/alerts",
                    stack.training().baseUrl() + "/api/dataset", stack.registry().confluentApiUrl() + "/subjects");
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            for (String url : apis) {
                assertTrue(url.startsWith("https://127.0.0.1:"), url);
                assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()), "a client that does not trust it: " + url);
                assertThrows(java.io.IOException.class, () -> untrusting.send(HttpRequest.newBuilder(URI.create(url.replace("https:", "http:")))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()), "plain http: " + url);
                int status = stack.http().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                assertTrue(status == 200 || status == 401 || status == 405, "answered over https: " + status + " " + url);
            }
            // the registry: anyone over TLS reads and looks schemas up (the services do), only the stack's writer certificate
            // changes it — the stack provisioned every schema with it; a client without it is refused and nothing changes
            String registry = stack.registry().confluentApiUrl();
            String subjects = stack.http().send(HttpRequest.newBuilder(URI.create(registry + "/subjects")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(subjects.contains("ecg.recorded-value") && subjects.contains("triage.alerts-value"), "provisioned by the stack: " + subjects);
            String schema = "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}";
            for (String[] change : List.of(new String[]{"POST", "/subjects/intruder-value/versions", schema},
                    new String[]{"PUT", "/config/ecg.recorded-value", "{\"compatibility\": \"NONE\"}"},
                    new String[]{"DELETE", "/subjects/ecg.recorded-value", ""})) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(registry + change[1])).method(change[0], HttpRequest.BodyPublishers.ofString(change[2]))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json").build();
                assertEquals(401, stack.http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode(),
                        change[0] + " " + change[1] + " without the writer's certificate");
            }
            assertEquals(subjects, stack.http().send(HttpRequest.newBuilder(URI.create(registry + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), "nothing changed");
            String registryCommand = ProcessHandle.of(stack.registry().process().pid()).orElseThrow().info().commandLine().orElse("");
            assertTrue(registryCommand.contains("trust-store-file"), registryCommand);
            assertFalse(registryCommand.contains("password"), "the trust store's password is not on the registry's command line");
            try (var files = Files.list(stack.certificate().orElseThrow().getParent())) {
                // everything but the certificates (PEM): the stack's key store and key, the writer's key store, the registry's trust store
                List<Path> keys = files.filter(f -> !f.getFileName().toString().endsWith(".pem")).toList();
                assertEquals(4, keys.size(), "key stores and keys beside the certificates: " + keys);
                for (Path key : keys) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key + " is owner-only");
                }
            }
            // the only listener clients reach wants TLS and a password: without them, nothing
            try (Admin stranger = Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers(), "request.timeout.ms", 3000,
                    "default.api.timeout.ms", 6000))) {
                assertThrows(Exception.class, () -> stranger.listTopics().names().get(10, TimeUnit.SECONDS), "a client that does not sign in");
            }
        }
    }
}
