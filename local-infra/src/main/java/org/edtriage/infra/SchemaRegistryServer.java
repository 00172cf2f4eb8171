package org.edtriage.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded default schema registry: Apicurio Registry 2.4.2 (built by the registry-runner
 * module) in a child JVM on 127.0.0.1, in-memory storage. Clients use its Confluent-compatible API
 * at {@link #confluentApiUrl()}; nothing of ours speaks Apicurio's native API, so a real Confluent
 * registry can replace it by changing one URL.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    /** System property that tells tests and the launcher where the built registry jar is. */
    public static final String JAR_PROPERTY = "triage.registry.jar";

    private final ChildJvm process;
    private final int port;
    private final HttpClient http;
    private final boolean tls;

    private SchemaRegistryServer(ChildJvm process, int port, javax.net.ssl.SSLContext clientTls) {
        this.process = process;
        this.port = port;
        this.tls = clientTls != null;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (clientTls != null) {
            http.sslContext(clientTls);
        }
        this.http = http.build();
    }

    /** The jar named by {@value #JAR_PROPERTY}, or registry-runner/target/registry-runner.jar under the given project root. */
    public static Path locateJar(Path projectRoot) {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null ? Path.of(configured) : projectRoot.resolve("registry-runner/target/registry-runner.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("schema registry jar " + jar + " is missing: build it with "
                    + "'./mvnw -B -f registry-runner/pom.xml package' (the full build does this first)");
        }
        return jar;
    }

    /** @param port 0 picks a free port */
    public static SchemaRegistryServer start(Path jar, Path workDir, int port) throws IOException, InterruptedException {
        return start(jar, workDir, port, null, null);
    }

    /**
     * Behind TLS with the given certificate (plain HTTP off); then only a client presenting the stack's registry-writer
     * certificate may change it (see {@link LocalTls#registryWriteAuthenticationProperties()}), anyone may read.
     *
     * @param tls       the server's certificate and key, or null for plain HTTP on loopback
     * @param clientTls how this class's own readiness check trusts that certificate
     */
    public static SchemaRegistryServer start(Path jar, Path workDir, int port, LocalTls tls, javax.net.ssl.SSLContext clientTls)
            throws IOException, InterruptedException {
        int chosen = port == 0 ? FreePort.pick() : port;
        Files.createDirectories(workDir);
        ChildJvm.Builder builder = ChildJvm.builder("schema-registry");
        if (tls != null) {
            tls.quarkusHttpsProperties(chosen).forEach(builder::systemProperty);
            tls.registryWriteAuthenticationProperties().forEach(builder::systemProperty);
            builder.env(LocalTls.REGISTRY_TRUST_PASSWORD, tls.registryWritersPassword());
        }
        ChildJvm process = builder
                .classPath(jar.toAbsolutePath().toString())
                .jvmOption("-Xmx256m")
                .jvmOption("-XX:+UseSerialGC")
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .systemProperty("quarkus.http.port", Integer.toString(chosen))
                .main("io.quarkus.runner.GeneratedMain")
                .workDir(workDir)
                .log(workDir.resolve("registry.log"))
                .start();
        SchemaRegistryServer server = new SchemaRegistryServer(process, chosen, tls == null ? null : clientTls);
        Waiting.until("schema registry on port " + chosen, Duration.ofSeconds(90), process, server::answers);
        return server;
    }

    /** Base URL of the Confluent-compatible REST API. */
    public String confluentApiUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public ChildJvm process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }

    private boolean answers() {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
