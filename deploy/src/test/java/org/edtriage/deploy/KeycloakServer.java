package org.edtriage.deploy;

import org.edtriage.infra.FreePort;
import org.edtriage.infra.ServiceUser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Keycloak (its Quarkus distribution from Maven Central, unpacked by the build into {@code target/keycloak})
 * in development mode on loopback, with one realm imported at start: the dashboard's confidential client and the
 * given users, each with a password made for this run. Keycloak 26 needs Java 21 or newer: the JDK is looked for
 * under /usr/lib/jvm (Temurin 25 on these machines).
 */
final class KeycloakServer implements AutoCloseable {
    static final String REALM = "ed";
    static final String CLIENT_ID = "triage-dashboard";

    private final Process process;
    private final int port;
    private final String clientSecret;
    private final Path log;

    private KeycloakServer(Process process, int port, String clientSecret, Path log) {
        this.process = process;
        this.port = port;
        this.clientSecret = clientSecret;
        this.log = log;
    }

    /** The unpacked distribution and a Java of 21 or newer, or why this machine has none. */
    static Optional<String> missing(Path home) {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return Optional.of("Keycloak is not unpacked at " + home + " (the deploy module's build unpacks org.keycloak:keycloak-quarkus-dist)");
        }
        return java21().isPresent() ? Optional.empty() : Optional.of("no Java 21 or newer under /usr/lib/jvm (Keycloak 26 needs one)");
    }

    /**
     * @param dataDir where Keycloak's log goes
     * @param users   the realm's users, each with its password and realm roles ({@link ServiceUser#fresh}: made for the run)
     */
    static KeycloakServer start(Path home, Path dataDir, List<ServiceUser> users) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        // the realm of this run: development mode imports what lies in the distribution's data/import at start, into an
        // in-memory database (dev-mem), so nothing of an earlier run's realm, users or passwords survives
        Path importDir = Files.createDirectories(home.resolve("data/import"));
        String secret = ServiceUser.fresh("client", "none").password();
        Files.writeString(importDir.resolve(REALM + "-realm.json"), realm(secret, users));
        int port = FreePort.pick(), management = FreePort.pick();
        Path log = dataDir.resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--db=dev-mem",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management, "--health-enabled=true",
                "--import-realm")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", java21().orElseThrow().toString());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m"); // kc.sh's defaults otherwise take 70 % of the machine
        // jboss-threads resets thread locals through java.lang on Java 24 and later, and logs a stack trace without it
        builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        KeycloakServer server = new KeycloakServer(builder.start(), port, secret, log);
        try {
            server.awaitReady(management, Duration.ofSeconds(240));
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady(int management, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + "; its log: " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> realm = http.send(HttpRequest.newBuilder(issuer().resolve(issuer().getPath() + "/.well-known/openid-configuration"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && realm.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout.toSeconds() + " s; its log: " + log);
    }

    /** The realm's issuer: what the scoring service is configured with. */
    URI issuer() {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + REALM);
    }

    String clientSecret() {
        return clientSecret;
    }

    Path log() {
        return log;
    }

    private static String realm(String clientSecret, List<ServiceUser> users) {
        StringBuilder json = new StringBuilder();
        json.append("{\"realm\":\"").append(REALM).append("\",\"enabled\":true,")
                .append("\"roles\":{\"realm\":[{\"name\":\"clinician\"},{\"name\":\"admin\"}]},")
                // any redirect URI: the dashboard's port is chosen when the stack starts, after the realm is imported
                .append("\"clients\":[{\"clientId\":\"").append(CLIENT_ID).append("\",\"enabled\":true,\"publicClient\":false,")
                .append("\"secret\":\"").append(clientSecret).append("\",\"standardFlowEnabled\":true,")
                .append("\"redirectUris\":[\"*\"],\"webOrigins\":[\"+\"],")
                .append("\"attributes\":{\"post.logout.redirect.uris\":\"+\"}}],")
                .append("\"users\":[");
        for (int i = 0; i < users.size(); i++) {
            ServiceUser u = users.get(i);
            json.append(i == 0 ? "" : ",").append("{\"username\":\"").append(u.name()).append("\",\"enabled\":true,")
                    .append("\"email\":\"").append(u.name()).append("@ed.example\",\"emailVerified\":true,")
                    .append("\"firstName\":\"").append(u.name()).append("\",\"lastName\":\"Test\",")
                    .append("\"credentials\":[{\"type\":\"password\",\"value\":\"").append(u.password()).append("\",\"temporary\":false}],")
                    .append("\"realmRoles\":[").append(String.join(",", u.roles().stream().map(r -> "\"" + r + "\"").toList())).append("]}");
        }
        return json.append("]}").toString();
    }

    private static Optional<Path> java21() {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .filter(p -> version(p) >= 21)
                    .max(java.util.Comparator.comparingInt(KeycloakServer::version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version of a JDK, from its {@code release} file (0 when unknown). */
    private static int version(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        // kc.sh runs Keycloak's JVM as its child: stop both
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }
}
