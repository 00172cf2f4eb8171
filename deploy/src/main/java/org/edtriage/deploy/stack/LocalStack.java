package org.edtriage.deploy.stack;

import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.TrustedCertificate;
import org.apache.kafka.clients.admin.Admin;
import org.edtriage.deploy.feed.DemoFacility;
import org.edtriage.ecg.io.Folders;
import org.edtriage.infra.FreePort;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.LocalTls;
import org.edtriage.deploy.k8s.KafkaUserAcls;
import org.edtriage.infra.KafkaCluster;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.infra.SecretFiles;
import org.edtriage.infra.ServiceUser;
import org.edtriage.model.store.ModelStore;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.mapping.ModelReleases;
import org.edtriage.schemas.registry.SchemaRegistryClient;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole platform on one machine: a KRaft broker, the schema registry, topics and schemas
 * provisioned from the catalogue, then ingest, scoring and training services, each a child JVM on
 * 127.0.0.1. {@link #close()} stops everything in reverse order; children also exit by themselves if
 * this process dies.
 *
 * <p>The data directory is wiped at start: the embedded registry keeps schemas in memory, so Kafka
 * data from an earlier run would carry schema ids the new registry has never issued.
 */
public final class LocalStack implements AutoCloseable {
    private final Path root;
    private final Path dataDir;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private KafkaCluster kafka;
    private SchemaRegistryServer registry;
    private Topics topics;
    /** Every instance of each service by name (ingest-service, ingest-service-2, ...): the first is the one a single stack has. */
    private final Map<String, QuarkusService> services = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<Integer> mllpPorts = new java.util.ArrayList<>();
    private Path inbox;
    /** The dashboard's one user in the local stack, with a password made fresh for each run (never in the repo). */
    public static final String DASHBOARD_USER = "clinician";
    private final ServiceUser dashboardUser = ServiceUser.fresh(DASHBOARD_USER, "clinician");
    /**
     * The feeds' sender at ingest, fresh each run: uploads sign in as it, and MLLP connections from this machine are its
     * (the allow-list: {@link #SENDER_FACILITIES} from 127.0.0.1).
     */
    private final ServiceUser sender = ServiceUser.fresh("feed", "sender");
    /** The hospitals the local stack's sender speaks for: the simulator's (SIM-H1, SIM-H2, ...) and the demo folder's. */
    public static final String SENDER_FACILITIES = "SIM-H*," + DemoFacility.NAME;
    /** Who may start training cycles and read the training service's dataset (its roles: DatasetResource), fresh each run. */
    private final ServiceUser trainingOperator = ServiceUser.fresh("operator", "operator", "monitoring");

    private final String architecture;
    /** The shipped trained model (and continuous training on the feed's outcomes), or an untrained placeholder. */
    private final boolean trained;
    private org.edtriage.ingest.Pseudonymiser pseudonymiser;
    /** How each service was started, to start it again the same way after a fault test killed it. */
    private final Map<String, java.util.concurrent.Callable<QuarkusService>> launchers = new java.util.LinkedHashMap<>();

    /** KRaft nodes: 1, or 3 and more (a replicated cluster; two could not keep a quorum through a failure). */
    private final int brokers;
    /** Instances of ingest and of scoring (training runs once: one cycle at a time owns the model store). */
    private final int replicas;
    /** Kafka over SASL_SSL with one principal per service and ACLs ({@link SecureKafka}), or plaintext on loopback. */
    private final boolean secure;
    private SecureKafka secureKafka;
    /** In secure mode, the certificate made at start for Kafka, the schema registry and the services' HTTPS; else null. */
    private LocalTls tls;
    /** The dashboard's OpenID Connect provider, or null for the stack's one dashboard user. */
    private SingleSignOn singleSignOn;
    /** How the stack's own tooling reaches Kafka: plaintext, or as the super-user in secure mode. */
    private KafkaConnection operator;

    private LocalStack(Path root, Path dataDir, String architecture, boolean trained, int brokers, int replicas, boolean secure) {
        if (secure && brokers != 1) {
            throw new IllegalArgumentException("the secure local stack runs one Kafka node (--secure with --brokers 1); the replicated "
                    + "cluster's security is the Kubernetes deployment's (deploy/k8s)");
        }
        this.secure = secure;
        if (brokers != 1 && brokers < 3) {
            throw new IllegalArgumentException(brokers + " Kafka nodes: run 1, or 3 and more (two cannot elect a controller when one fails)");
        }
        if (replicas < 1 || replicas > Topics.DEFAULT_PARTITIONS) {
            throw new IllegalArgumentException(replicas + " instances: 1 to " + Topics.DEFAULT_PARTITIONS + " (more scoring instances than partitions would idle)");
        }
        this.replicas = replicas;
        this.root = root;
        this.dataDir = dataDir;
        this.architecture = architecture;
        this.trained = trained;
        this.brokers = brokers;
    }

    /**
     * The stack with the shipped model (trained on simulated data, not for clinical use), and a training service that
     * continues it every {@value #DEMO_CYCLE_VISITS} labelled visits the feed's outcomes bring.
     *
     * @param root    the project checkout (where the built services are)
     * @param dataDir where broker data and service logs go; wiped first
     * @param progress receives one line per step, for people watching
     */
    public static LocalStack start(Path root, Path dataDir, Consumer<String> progress) throws Exception {
        return start(root, dataDir, null, 1, progress);
    }

    /**
     * As {@link #start(Path, Path, Consumer)}, with an untrained placeholder of that zoo architecture instead (load tests
     * measure each architecture; throughput does not depend on training) and no continuous training.
     */
    public static LocalStack start(Path root, Path dataDir, String placeholderArchitecture, Consumer<String> progress) throws Exception {
        return start(root, dataDir, placeholderArchitecture, 1, progress);
    }

    /**
     * @param placeholderArchitecture an untrained network instead of the shipped model, or null for the shipped model
     * @param brokers                 Kafka nodes: 1, or 3 and more for a replicated cluster (topics keep 3 copies, 2 in sync)
     */
    public static LocalStack start(Path root, Path dataDir, String placeholderArchitecture, int brokers, Consumer<String> progress) throws Exception {
        return start(root, dataDir, placeholderArchitecture, brokers, 1, progress);
    }

    /**
     * @param replicas instances of ingest and of scoring (1, or 2 and more: each its own ports; scoring keeps a standby copy of
     *                 its state on another instance; the hot folder is watched by the first ingest instance only)
     */
    public static LocalStack start(Path root, Path dataDir, String placeholderArchitecture, int brokers, int replicas,
                                   Consumer<String> progress) throws Exception {
        return start(root, dataDir, placeholderArchitecture, brokers, replicas, false, progress);
    }

    /**
     * @param secure Kafka over SASL_SSL (a certificate made at start), each service its own principal with the ACLs of
     *               deploy/k8s/base/kafka-users.yaml; one Kafka node only
     */
    public static LocalStack start(Path root, Path dataDir, String placeholderArchitecture, int brokers, int replicas, boolean secure,
                                   Consumer<String> progress) throws Exception {
        return start(root, dataDir, placeholderArchitecture, brokers, replicas, secure, null, progress);
    }

    /**
     * @param singleSignOn the dashboard signs its users in through this OpenID Connect provider instead of the stack's one
     *                     user (null: the one user, with a password made for the run)
     */
    public static LocalStack start(Path root, Path dataDir, String placeholderArchitecture, int brokers, int replicas, boolean secure,
                                   SingleSignOn singleSignOn, Consumer<String> progress) throws Exception {
        boolean trained = placeholderArchitecture == null;
        LocalStack stack = new LocalStack(root.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(),
                trained ? DemoModel.TRAINED_ARCHITECTURE : placeholderArchitecture, trained, brokers, replicas, secure);
        stack.singleSignOn = singleSignOn;
        return start(stack, progress);
    }

    /** Labelled visits between two continuous-training cycles of the demo: few, so that a newcomer sees one within minutes. */
    public static final int DEMO_CYCLE_VISITS = 100;

    private static LocalStack start(LocalStack stack, Consumer<String> progress) throws Exception {
        try {
            stack.startAll(progress);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) throws Exception {
        wipe(dataDir);
        Files.createDirectories(dataDir);
        if (secure) {
            progress.accept("starting Kafka broker (KRaft) with TLS, SCRAM sign-in and ACLs ...");
            tls = LocalTls.generate(dataDir.resolve("tls"));
            secureKafka = SecureKafka.start(dataDir, tls, root.resolve(KafkaUserAcls.FILE));
            kafka = secureKafka.cluster();
            started.push(kafka);
            operator = secureKafka.connection(KafkaBroker.Security.ADMIN);
            progress.accept("  Kafka on " + kafka.bootstrapServers() + " (SASL_SSL, SCRAM-SHA-512; a certificate made for this run; "
                    + "principals and ACLs of " + KafkaUserAcls.FILE + "; passwords in " + dataDir.resolve("secrets") + ", owner-only)");
        } else {
            progress.accept(brokers == 1 ? "starting Kafka broker (KRaft) ..." : "starting a Kafka cluster of " + brokers + " KRaft nodes ...");
            kafka = KafkaCluster.start(dataDir.resolve("kafka"), brokers);
            started.push(kafka);
            operator = KafkaConnection.plaintext(kafka.bootstrapServers());
            progress.accept("  Kafka on " + kafka.bootstrapServers() + " (plaintext on loopback, no sign-in: the demo's default; "
                    + "--secure for TLS, principals and ACLs)");
        }

        progress.accept("starting schema registry (Apicurio, Confluent API) ...");
        registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(root), dataDir.resolve("registry"), 0, tls,
                tls == null ? null : TrustedCertificate.sslContext(tls.certificate()));
        started.push(registry);
        progress.accept("  registry at " + registry.confluentApiUrl() + (secure
                ? " (changes only with the stack's registry-writer certificate, which no service holds; reads open)" : ""));

        // the stack provisions the schemas (in secure mode as the registry's one writer); its services only look them up there
        topics = new Topics(secure ? SchemaRegistryClient.of(registry.confluentApiUrl(), TrustedCertificate.sslContext(tls.certificate(),
                tls.registryWriter(), tls.password())) : SchemaRegistryClient.of(registry.confluentApiUrl(), certificate()), true);
        Replication replication = brokers >= Replication.CLUSTER.factor() ? Replication.CLUSTER : Replication.SINGLE_NODE;
        try (Admin admin = Admin.create(operator.config(Map.of()))) {
            TopicProvisioner provisioner = new TopicProvisioner(topics);
            provisioner.createTopics(admin, replication);
            provisioner.registerSchemas();
        }
        progress.accept("  topics and schemas provisioned (BACKWARD compatibility; " + (replication == Replication.SINGLE_NODE
                ? "one broker, so replication factor 1: no second copy of any ECG — a production cluster keeps " + Replication.CLUSTER.factor()
                        + " and needs " + Replication.CLUSTER.minInSync() + ")"
                : "replication factor " + replication.factor() + ", " + replication.minInSync() + " in sync: one node may fail)"));

        ModelStore.Decision model = trained ? DemoModel.ensureTrained(models()) : DemoModel.ensurePlaceholder(models(), architecture);
        publish(model);
        progress.accept("  model '" + model.model() + "' released: " + model.reason());

        Map<String, String> common = with(Map.of(
                "triage.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "triage.registry.url", registry.confluentApiUrl()),
                certificate().map(c -> Map.of("triage.registry.trust-certificate", c.toString(), "triage.registry.auto-register", "false"))
                        .orElse(Map.of()));
        Path djlCache = root.resolve("target/djl-cache");
        progress.accept(replicas == 1 ? "starting ingest, scoring and training services ..."
                : "starting " + replicas + " ingest and " + replicas + " scoring instances and the training service ...");
        Path models = models();
        inbox = dataDir.resolve("inbox");
        Files.createDirectories(inbox);
        Path pseudonymKey = pseudonymKey();
        pseudonymiser = new org.edtriage.ingest.Pseudonymiser(Files.readString(pseudonymKey));
        for (int r = 1; r <= replicas; r++) {
            String name = instanceName("ingest-service", r);
            int port = FreePort.pick(), management = FreePort.pick(), mllp = FreePort.pick();
            mllpPorts.add(mllp);
            Map<String, String> own = new java.util.LinkedHashMap<>(Map.of("triage.mllp.port", Integer.toString(mllp),
                    "triage.pseudonym.key-file", pseudonymKey.toString(),
                    // stable across a restart: the restarted instance aborts its predecessor's open transaction at once
                    "triage.ingest.instance-id", "local-" + r,
                    "triage.senders.\"" + sender.name() + "\".facilities", SENDER_FACILITIES,
                    "triage.senders.\"" + sender.name() + "\".addresses", "127.0.0.1"));
            own.putAll(signIn("ingest"));
            if (r == 1) {
                own.put("triage.hotfolder.path", inbox.toString()); // one watcher: two would race for each file
            }
            launch(name, () -> QuarkusService.start(name, app("ingest-service"), port, management, "-Xmx384m",
                    with(with(common, own), sender.serviceProperties()), Map.of(), dataDir.resolve(instanceDir(name)), tls));
        }
        for (int r = 1; r <= replicas; r++) {
            String name = instanceName("scoring-service", r);
            int port = FreePort.pick(), management = FreePort.pick();
            launch(name, () -> QuarkusService.start(name, app("scoring-service"), port, management, "-Xmx512m",
                    with(with(common, Map.of("triage.scoring.state-dir", dataDir.resolve(instanceDir(name)).resolve("state").toString(),
                            "triage.scoring.model-store", models.toString(), "triage.scoring.allow-placeholder-models", "true",
                            // with two instances, each keeps a warm copy of the other's state: a fail-over restores nothing
                            "triage.scoring.standby-replicas", replicas > 1 ? "1" : "0",
                            "ai.djl.offline", "true", "DJL_CACHE_DIR", djlCache.toString(),
                            // with the broker and Streams on the same cores, one intra-op thread is far faster (STACK.md)
                            "ai.djl.pytorch.num_threads", "1", "ai.djl.pytorch.num_interop_threads", "1")),
                            with(with(dashboardUser.serviceProperties(), signIn("scoring")),
                                    singleSignOn == null ? Map.of() : singleSignOn.serviceProperties())),
                    with(Map.of("DJL_CACHE_DIR", djlCache.toString()), singleSignOn == null ? Map.of() : singleSignOn.serviceEnvironment()),
                    dataDir.resolve(instanceDir(name)), tls));
        }
        Map<String, String> continuous = !trained ? Map.of() : Map.of(
                // the demo's continuous fine-tuning: the shipped model trains on as outcomes arrive, gated like any challenger
                "triage.training.every-labelled-visits", Integer.toString(DEMO_CYCLE_VISITS), "triage.training.check-every", "10s",
                "triage.training.architecture", architecture, "triage.training.pretrain-task", org.edtriage.training.release.TrainingCycle.CONTINUE,
                "triage.training.preset", "quick", "ai.djl.pytorch.num_threads", "1");
        int trainingPort = FreePort.pick(), trainingManagement = FreePort.pick();
        launch("training-service", () -> QuarkusService.start("training-service", app("training-service"), trainingPort, trainingManagement, "-Xmx768m",
                with(with(with(common, Map.of("ai.djl.offline", "true", "DJL_CACHE_DIR", djlCache.toString(),
                        "triage.training.model-store", models.toString())), continuous), with(trainingOperator.serviceProperties(), signIn("training"))),
                Map.of("DJL_CACHE_DIR", djlCache.toString()), dataDir.resolve("training"), tls));
        for (String name : launchers.keySet()) {
            QuarkusService s = services.get(name);
            s.awaitReady(Duration.ofSeconds(120));
            progress.accept("  " + s.name() + " ready at " + s.baseUrl() + "  (log: " + s.process().log() + ")");
        }
        progress.accept("  HL7 v2 over MLLP on 127.0.0.1:" + mllpPorts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", 127.0.0.1:"))
                + " (MSH-4 " + SENDER_FACILITIES + "), WFDB hot folder " + inbox
                + ", WFDB upload " + ingest().baseUrl() + "/api/ecgs/wfdb");
    }

    /** In secure mode, the service's Kafka principal (its client properties file); nothing on plaintext. */
    private Map<String, String> signIn(String principal) {
        return secure ? Map.of(KafkaConnection.PROPERTIES_SETTING, secureKafka.clientProperties(principal).toString()) : Map.of();
    }

    private Path secrets() throws IOException {
        return Files.createDirectories(dataDir.resolve("secrets"));
    }

    private Path models() {
        return dataDir.resolve("models");
    }

    private void publish(ModelStore.Decision model) throws Exception {
        Instant[] window = model.trainingWindow();
        ModelReleases.publish(operator, topics, ModelReleases.of(model.model(), model.version(), model.architecture(),
                model.artifactUri(), model.sha256(), model.metrics(), model.thresholds(), window[0], window[1], model.at(), model.reason()));
    }

    /**
     * Releases a new untrained placeholder (same architecture, weights from {@code seed}) into the store and onto
     * {@code model.releases}, as the training service does with a challenger that won.
     */
    public ModelStore.Decision releasePlaceholder(int seed) throws Exception {
        ModelStore.Decision model = DemoModel.releaseNew(models(), architecture, seed);
        publish(model);
        return model;
    }

    /** Starts a service instance and remembers how, to start it again the same way after a fault test killed it. */
    private void launch(String name, java.util.concurrent.Callable<QuarkusService> launcher) throws Exception {
        launchers.put(name, launcher);
        services.put(name, launcher.call());
        started.push(() -> services.get(name).close()); // whichever process runs under the name by then
    }

    /** ingest-service, ingest-service-2, ...: the first instance keeps the service's own name. */
    public static String instanceName(String service, int instance) {
        return instance == 1 ? service : service + "-" + instance;
    }

    /** ingest, ingest-2, ...: each instance's logs and state. */
    private static String instanceDir(String name) {
        return name.replace("-service", "");
    }

    /**
     * SIGKILLs one of the service instances (no shutdown hooks, like a crashed host), then starts it again with the same
     * ports, configuration and state directory, and waits until it is ready. For fault tests.
     *
     * @param service ingest-service, scoring-service or training-service, or a further instance ({@link #instanceName})
     */
    public QuarkusService killAndRestart(String service, Duration readyTimeout) throws Exception {
        kill(service);
        return restart(service, readyTimeout);
    }

    /** SIGKILLs one service instance and leaves it down (the others carry on). */
    public void kill(String service) throws InterruptedException {
        instance(service).process().kill();
    }

    /** Starts a service instance that is not running (killed) again as it was first started, and waits until it is ready. */
    public QuarkusService restart(String service, Duration readyTimeout) throws Exception {
        instance(service);
        QuarkusService fresh = launchers.get(service).call();
        services.put(service, fresh);
        fresh.awaitReady(readyTimeout);
        return fresh;
    }

    /** A running (or killed) service instance by name. */
    public QuarkusService instance(String name) {
        QuarkusService s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no service instance " + name + " (this stack runs " + launchers.keySet() + ")");
        }
        return s;
    }

    /** Instances of ingest and of scoring. */
    public int replicas() {
        return replicas;
    }

    /** The architecture of the model this stack released at start (the shipped one's, or the placeholder's). */
    public String architecture() {
        return architecture;
    }

    /** The local dashboard user's password (this run only). */
    public String dashboardPassword() {
        return dashboardUser.password();
    }

    /** The ingest service's sender in this run (uploads ECGs for {@link #SENDER_FACILITIES}; MLLP from 127.0.0.1). */
    public ServiceUser sender() {
        return sender;
    }

    /** The training service's operator in this run (starts cycles, reads the dataset). */
    public ServiceUser trainingOperator() {
        return trainingOperator;
    }

    /**
     * The ingest service's pseudonymisation key for this data directory: random, in a file only the owner reads,
     * handed over by path (never on a command line a process list shows). The directory is wiped at start, and so
     * are the events pseudonymised with the previous key: pseudonyms stay consistent within what the stack holds.
     */
    private Path pseudonymKey() throws IOException {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return SecretFiles.write(secrets().resolve("pseudonym.key"), java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * The pseudonym ingest gives an identifier of this kind ("patient", "visit") in this run: how the feed recognises its
     * own visits on Kafka. The stack holds the key because it made it; nothing else outside ingest does.
     */
    public String pseudonym(String kind, String identifier) {
        return pseudonymiser.pseudonym(kind, identifier);
    }

    private Path app(String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        var m = new java.util.LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** The first Kafka node (the only one unless the stack runs a cluster): what the fault scenarios stop. */
    public KafkaBroker broker() {
        return kafka.node(1);
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    /** How tools outside the services reach this stack's Kafka: plaintext, or signed in as the super-user in secure mode. */
    public KafkaConnection kafkaConnection() {
        return operator;
    }

    /** Whether Kafka runs with TLS, sign-in and ACLs. */
    public boolean secure() {
        return secure;
    }

    /** The certificate the stack's HTTPS and TLS ports present (secure mode; clients trust it), or empty. */
    public Optional<Path> certificate() {
        return tls == null ? Optional.empty() : Optional.of(tls.certificate());
    }

    /** An HTTP client for the stack's APIs: one that trusts the stack's certificate in secure mode. */
    public HttpClient http() {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        certificate().ifPresent(c -> http.sslContext(TrustedCertificate.sslContext(c)));
        return http.build();
    }

    public SchemaRegistryServer registry() {
        return registry;
    }

    public Topics topics() {
        return topics;
    }

    /** The first ingest instance. */
    public QuarkusService ingest() {
        return instance("ingest-service");
    }

    /** Every ingest instance, first to last. */
    public java.util.List<QuarkusService> ingests() {
        return java.util.stream.IntStream.rangeClosed(1, replicas).mapToObj(r -> instance(instanceName("ingest-service", r))).toList();
    }

    /** The first scoring instance (each serves the dashboard). */
    public QuarkusService scoring() {
        return instance("scoring-service");
    }

    public QuarkusService training() {
        return instance("training-service");
    }

    /** The first ingest instance's MLLP port on 127.0.0.1. */
    public int mllpPort() {
        return mllpPorts.get(0);
    }

    /** Every ingest instance's MLLP port, in instance order: what an integration engine fails over between. */
    public java.util.List<Integer> mllpPorts() {
        return java.util.List.copyOf(mllpPorts);
    }

    /** The ingest service's WFDB hot folder. */
    public Path inbox() {
        return inbox;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Names of the processes this stack started that are still running (none after {@link #close()}). */
    public java.util.List<String> aliveProcesses() {
        java.util.List<String> alive = new java.util.ArrayList<>();
        java.util.List<org.edtriage.infra.ChildJvm> processes = new java.util.ArrayList<>();
        if (kafka != null) {
            kafka.nodes().forEach(n -> processes.add(n.process()));
        }
        processes.add(registry == null ? null : registry.process());
        services.values().forEach(s -> processes.add(s.process()));
        for (var p : processes) {
            if (p != null && p.isAlive()) {
                alive.add(p.name() + " (pid " + p.pid() + ")");
            }
        }
        return alive;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    private static void wipe(Path dir) throws IOException {
        Folders.deleteTree(dir);
    }
}
