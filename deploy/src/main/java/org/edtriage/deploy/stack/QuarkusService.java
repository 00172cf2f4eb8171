package org.edtriage.deploy.stack;

import org.edtriage.infra.ChildJvm;
import org.edtriage.infra.LocalTls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One of our Quarkus services, started from its built fast-jar in a child JVM and awaited until ready: its API on one
 * port, its probes and metrics on another (the management interface).
 */
public final class QuarkusService implements AutoCloseable {
    private final String name;
    private final ChildJvm process;
    private final int port;
    private final int managementPort;

    private final boolean https;

    private QuarkusService(String name, ChildJvm process, int port, int managementPort, boolean https) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.https = https;
    }

    public static QuarkusService start(String name, Path app, int port, int managementPort, String heap, Map<String, String> properties,
                                       Map<String, String> environment, Path workDir) throws IOException {
        return start(name, app, port, managementPort, heap, properties, environment, workDir, null);
    }

    /**
     * @param tls the API port's certificate (https only on it), or null for plain http; the management port (probes,
     *            metrics) stays plain http, bound to loopback like every port here
     */
    public static QuarkusService start(String name, Path app, int port, int managementPort, String heap, Map<String, String> properties,
                                       Map<String, String> environment, Path workDir, LocalTls tls) throws IOException {
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(name + " is not built: " + app + " is missing (run ./mvnw -B install -DskipTests)");
        }
        ChildJvm.Builder builder = ChildJvm.builder(name)
                .classPath(app.toAbsolutePath().toString())
                .jvmOption(heap)
                .jvmOption("-XX:+UseSerialGC")
                // the fast-jar manifest's Add-Opens applies to -jar only; we start it with -cp
                .jvmOption("--add-opens=java.base/java.lang=ALL-UNNAMED")
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .systemProperty("quarkus.http.port", Integer.toString(port))
                .systemProperty("quarkus.management.port", Integer.toString(managementPort))
                .systemProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager")
                .main("io.quarkus.bootstrap.runner.QuarkusEntryPoint")
                .workDir(workDir)
                .log(workDir.resolve(name + ".log"));
        properties.forEach(builder::systemProperty);
        if (tls != null) {
            tls.quarkusHttpsProperties(port).forEach(builder::systemProperty);
        }
        environment.forEach(builder::env);
        return new QuarkusService(name, builder.start(), port, managementPort, tls != null);
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return (https ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** Where probes (/q/health/...) and Prometheus (/q/metrics) are: not on the API's port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public ChildJvm process() {
        return process;
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (true) {
            process.checkAlive();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; last log lines:\n" + process.logTail(40));
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
