package org.edtriage.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker + controller node) running in a
 * child JVM from the Kafka jars on our class path: storage formatted by Kafka's own StorageTool,
 * listeners on 127.0.0.1 only, data under a directory we choose. Child rather than in-process so
 * that fault tests can stop and SIGKILL it like a real broker, and so its 200+ MB heap and threads
 * do not share the test's JVM.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String classPath;
    private final String heap;
    private ChildJvm process;

    private KafkaBroker(Path dataDir, int port, int controllerPort, String classPath, String heap) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classPath = classPath;
        this.heap = heap;
    }

    /**
     * Formats (when the directory is new) and starts a broker, returning once it accepts admin requests.
     *
     * @param port 0 picks a free port
     */
    public static KafkaBroker start(Path dataDir, int port) throws IOException, InterruptedException {
        KafkaBroker broker = new KafkaBroker(dataDir.toAbsolutePath(), port == 0 ? FreePort.pick() : port, FreePort.pick(),
                System.getProperty("java.class.path"), "-Xmx384m");
        broker.format();
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ChildJvm process() {
        return process;
    }

    /** Starts it again on the same port and data (after {@link #stop()} or {@link #kill()}). */
    public void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker is still running");
        }
        launch();
    }

    /** Controlled shutdown, as an operator would. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(60));
        }
    }

    /** SIGKILL: no controlled shutdown, like a crashed host. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Path config() {
        return dataDir.resolve("server.properties");
    }

    private Path logDir() {
        return dataDir.resolve("kraft-logs");
    }

    private void format() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        writeConfig();
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its data
        }
        ChildJvm formatter = ChildJvm.builder("kafka-storage-format")
                .classPath(classPath)
                .jvmOption("-Xmx128m")
                .main("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config().toString())
                .log(dataDir.resolve("format.log"))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (formatter.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (formatter.isAlive() || !Files.exists(logDir().resolve("meta.properties"))) {
            formatter.kill();
            throw new IllegalStateException("formatting KRaft storage in " + logDir() + " failed:\n" + formatter.logTail(30));
        }
    }

    private void writeConfig() throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir().toString());
        p.put("num.partitions", "1");
        // a single node: every internal topic has exactly one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the default dedupe buffer takes 128 MiB of heap; a local broker needs far less
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", Integer.toString(4 * 1024 * 1024));
        try (Writer out = Files.newBufferedWriter(config())) {
            p.store(out, "written by org.edtriage.infra.KafkaBroker");
        }
    }

    private void launch() throws IOException, InterruptedException {
        process = ChildJvm.builder("kafka-broker")
                .classPath(classPath)
                .jvmOption(heap)
                .jvmOption("-XX:+UseSerialGC")
                .systemProperty("kafka.logs.dir", dataDir.resolve("logs").toString())
                .main("kafka.Kafka", config().toString())
                .log(dataDir.resolve("broker.log"))
                .start();
        Waiting.until("Kafka broker on " + bootstrapServers(), Duration.ofSeconds(90), process, this::answers);
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
