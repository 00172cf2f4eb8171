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
    private final Membership membership;
    /** SASL_SSL for clients, or null for plaintext. */
    private final Security security;
    /** The plaintext listener brokers and our readiness check use when clients must sign in; 0 without security. */
    private final int internalPort;
    private ChildJvm process;

    /**
     * Clients must sign in: a SASL_SSL listener (SCRAM-SHA-512, TLS with this key store) and the StandardAuthorizer, which
     * allows nothing that no ACL allows. The super-user {@code admin} (created at format time) sets up users and ACLs;
     * brokers talk among themselves, and the controller to them, on loopback plaintext listeners whose anonymous
     * principal is a super-user too — production clusters authenticate those as well (Strimzi does with mTLS).
     */
    public record Security(Path keyStore, String keyStorePassword, String adminPassword) {
        public static final String ADMIN = "admin";
        public static final String MECHANISM = "SCRAM-SHA-512";
    }

    /**
     * A node's place in its cluster: its id, the controller quorum (every node is broker and controller here), the
     * cluster id all nodes are formatted with, and how many copies the broker's own internal topics keep.
     */
    record Membership(int nodeId, String quorumVoters, String clusterId, int internalReplicas, int internalMinInSync) {
        static Membership single(int controllerPort) {
            return new Membership(1, "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString(), 1, 1);
        }
    }

    KafkaBroker(Path dataDir, int port, int controllerPort, String classPath, String heap, Membership membership) {
        this(dataDir, port, controllerPort, classPath, heap, membership, null);
    }

    private KafkaBroker(Path dataDir, int port, int controllerPort, String classPath, String heap, Membership membership, Security security) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classPath = classPath;
        this.heap = heap;
        this.membership = membership;
        this.security = security;
        this.internalPort = security == null ? 0 : FreePort.pick();
    }

    /**
     * Formats (when the directory is new) and starts a single-node broker, returning once it accepts admin requests.
     *
     * @param port 0 picks a free port
     */
    public static KafkaBroker start(Path dataDir, int port) throws IOException, InterruptedException {
        int controllerPort = FreePort.pick();
        KafkaBroker broker = new KafkaBroker(dataDir.toAbsolutePath(), port == 0 ? FreePort.pick() : port, controllerPort,
                System.getProperty("java.class.path"), "-Xmx384m", Membership.single(controllerPort));
        broker.format();
        broker.launch();
        return broker;
    }

    /** A single node whose clients must sign in ({@link Security}); {@link #bootstrapServers()} is its SASL_SSL listener. */
    public static KafkaBroker startSecure(Path dataDir, Security security) throws IOException, InterruptedException {
        int controllerPort = FreePort.pick();
        KafkaBroker broker = new KafkaBroker(dataDir.toAbsolutePath(), FreePort.pick(), controllerPort, System.getProperty("java.class.path"),
                "-Xmx384m", Membership.single(controllerPort), security);
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

    /** The node id in its cluster (1 for a single broker). */
    public int nodeId() {
        return membership.nodeId();
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

    void format() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        writeConfig();
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its data
        }
        ChildJvm formatter = ChildJvm.builder("kafka-storage-format")
                .classPath(classPath)
                .jvmOption("-Xmx128m")
                .main("kafka.tools.StorageTool", formatArguments())
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

    private String[] formatArguments() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "-t", membership.clusterId(), "-c", config().toString()));
        if (security != null) {
            // the first user, written into the cluster's metadata before it starts: the one who creates the others
            args.addAll(java.util.List.of("--add-scram", Security.MECHANISM + "=[name=" + Security.ADMIN + ",password=" + security.adminPassword() + "]"));
        }
        return args.toArray(new String[0]);
    }

    private void writeConfig() throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(membership.nodeId()));
        p.put("controller.quorum.voters", membership.quorumVoters());
        if (security == null) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        } else {
            p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",PLAINTEXT://127.0.0.1:" + internalPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port + ",PLAINTEXT://127.0.0.1:" + internalPort);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL");
            p.put("sasl.enabled.mechanisms", Security.MECHANISM);
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("listener.name.sasl_ssl.ssl.keystore.location", security.keyStore().toString());
            p.put("listener.name.sasl_ssl.ssl.keystore.password", security.keyStorePassword());
            p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + Security.ADMIN + ";User:ANONYMOUS");
        }
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir().toString());
        p.put("num.partitions", "1");
        // internal topics keep as many copies as the cluster can (one on a single node), as do topics without a setting
        String replicas = Integer.toString(membership.internalReplicas()), minInSync = Integer.toString(membership.internalMinInSync());
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        // a crashed node is fenced, and its partitions led elsewhere, after 4.5 s without a heartbeat (default 9 s): inside
        // ingest's 5 s publish deadline, so a sender whose ECG went to the dead leader gets AA, not AR and a re-send
        // (BrokerFailoverIT: 4.1 s longest stall instead of 10.7 s with 6 s; deploy/k8s/base/kafka.yaml says the same)
        p.put("broker.session.timeout.ms", "4500");
        p.put("broker.heartbeat.interval.ms", "1000");
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
        spawn();
        awaitReady();
    }

    /** Starts the process without waiting: a node of a quorum answers only once a majority of its peers runs. */
    void spawn() throws IOException {
        process = ChildJvm.builder("kafka-broker-" + membership.nodeId())
                .classPath(classPath)
                .jvmOption(heap)
                .jvmOption("-XX:+UseSerialGC")
                .systemProperty("kafka.logs.dir", dataDir.resolve("logs").toString())
                .main("kafka.Kafka", config().toString())
                .log(dataDir.resolve("broker.log"))
                .start();
    }

    void awaitReady() throws InterruptedException {
        Waiting.until("Kafka broker on " + bootstrapServers(), Duration.ofSeconds(90), process, this::answers);
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, security == null ? bootstrapServers() : "127.0.0.1:" + internalPort,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
