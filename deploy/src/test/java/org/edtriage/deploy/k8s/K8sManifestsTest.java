package org.edtriage.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Kubernetes base (deploy/k8s/base), every document parsed into fabric8's and Strimzi's model classes with no
 * property they do not know, then checked for what a cluster would only show at 3 a.m.: probes on the management
 * port, resources, Services and budgets that select real pods, least-privilege ACLs against the topic catalogue,
 * replication that survives a broker, and no secret that is neither Strimzi's nor documented for the site to create.
 */
class K8sManifestsTest {
    static final Path BASE = Path.of("k8s/base");
    private static List<HasMetadata> base;
    private static final Topics CATALOGUE = new Topics(new InMemorySchemaRegistry(), false);

    @BeforeAll
    static void parse() throws IOException {
        base = Manifests.resourcesUnder(BASE);
    }

    @Test
    void everyDocumentUnderK8sIsAModelObjectWithNoUnknownProperty() throws IOException {
        // overlays' patches and components too: a patch is a partial resource of the same kind
        List<HasMetadata> all = Manifests.resourcesUnder(Path.of("k8s"));
        assertTrue(all.size() > base.size(), "patches parsed beside the base");
        Set<String> kinds = base.stream().map(HasMetadata::getKind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Manifests.KINDS.keySet()), kinds, "the base uses every kind the loader knows");
    }

    @Test
    void theUnknownPropertyCheckCatchesAMisspeltField() throws IOException {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinesProbe: {httpGet: {path: /q/health/ready, port: management}}
                """;
        var doc = Manifests.documents(new java.io.StringReader(misspelt)).get(0);
        AssertionError e = assertThrows(AssertionError.class, () -> Manifests.parse(doc, "inline"));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    }

    @Test
    void servicesRunTwoOrMoreWithProbesOnTheManagementPortResourcesAndNoRoot() {
        for (Deployment d : Manifests.ofKind(base, Deployment.class)) {
            String name = d.getMetadata().getName();
            var pod = d.getSpec().getTemplate().getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name);
            assertEquals(d.getSpec().getSelector().getMatchLabels(), Map.of("app.kubernetes.io/name", name), name + " selects its own pods");
            assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()));
            for (Container c : pod.getContainers()) {
                assertNotNull(c.getResources().getRequests().get("cpu"), name + " cpu request");
                assertNotNull(c.getResources().getRequests().get("memory"), name + " memory request");
                assertEquals(c.getResources().getRequests().get("memory"), c.getResources().getLimits().get("memory"),
                        name + ": memory limit = request, so a node is never overcommitted into killing a scorer");
                assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), name);
                if (name.equals("schema-registry")) {
                    assertProbe(c.getReadinessProbe(), "/health/ready", "http", c);
                    continue;
                }
                assertProbe(c.getStartupProbe(), "/q/health/started", "management", c);
                assertProbe(c.getReadinessProbe(), "/q/health/ready", "management", c);
                assertProbe(c.getLivenessProbe(), "/q/health/live", "management", c);
                assertEquals("triage-kafka-bootstrap:9093", env(c, "TRIAGE_KAFKA_BOOTSTRAP_SERVERS"), name + " uses the TLS listener");
                assertEquals("/etc/triage/kafka-client/client.properties", env(c, "TRIAGE_KAFKA_CLIENT_PROPERTIES"), name);
                assertEquals("0.0.0.0", env(c, "QUARKUS_MANAGEMENT_HOST"), name + ": probes reach the management port from the kubelet");
                assertEquals("edtriage/" + name + "-service", c.getImage(), "the image the build names (quarkus.container-image)");
            }
        }
        assertTrue(Manifests.named(base, Deployment.class, "ingest").getSpec().getReplicas() >= 2, "a second ingest for fail-over");
        assertTrue(Manifests.named(base, Deployment.class, "scoring").getSpec().getReplicas() >= 2, "a second scorer for fail-over");
        assertEquals("Recreate", Manifests.named(base, Deployment.class, "training").getSpec().getStrategy().getType(),
                "never two trainers on one dataset store");
        Container scoring = Manifests.named(base, Deployment.class, "scoring").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("1", env(scoring, "TRIAGE_SCORING_STANDBY_REPLICAS"), "a warm standby of every store");
    }

    private static void assertProbe(Probe p, String path, String port, Container c) {
        assertNotNull(p, c.getName() + " probe " + path);
        assertEquals(path, p.getHttpGet().getPath(), c.getName());
        assertEquals(port, p.getHttpGet().getPort().getStrVal(), c.getName());
        assertTrue(c.getPorts().stream().map(ContainerPort::getName).anyMatch(port::equals), c.getName() + " declares port " + port);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void everyServiceAndBudgetSelectsPodsThatExistOnPortsTheyDeclare() {
        for (Service s : Manifests.ofKind(base, Service.class)) {
            Deployment target = selected(s.getSpec().getSelector(), s.getMetadata().getName());
            Set<String> ports = target.getSpec().getTemplate().getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                    .map(ContainerPort::getName).collect(Collectors.toSet());
            for (ServicePort p : s.getSpec().getPorts()) {
                assertTrue(ports.contains(p.getTargetPort().getStrVal()), s.getMetadata().getName() + " → " + p.getTargetPort());
            }
        }
        for (PodDisruptionBudget b : Manifests.ofKind(base, PodDisruptionBudget.class)) {
            Deployment target = selected(b.getSpec().getSelector().getMatchLabels(), b.getMetadata().getName());
            assertTrue(b.getSpec().getMinAvailable().getIntVal() < target.getSpec().getReplicas(),
                    b.getMetadata().getName() + ": a budget that allows no eviction blocks every node drain");
        }
    }

    private static Deployment selected(Map<String, String> selector, String by) {
        List<Deployment> matches = Manifests.ofKind(base, Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
        assertEquals(1, matches.size(), by + " selects exactly one Deployment's pods: " + selector);
        return matches.get(0);
    }

    @Test
    void scoringScalesOnItsConsumerLagUpToThePartitionsOfItsInput() {
        HorizontalPodAutoscaler hpa = Manifests.named(base, HorizontalPodAutoscaler.class, "scoring");
        assertEquals("scoring", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(Manifests.named(base, Deployment.class, "scoring").getSpec().getReplicas(), hpa.getSpec().getMinReplicas());
        assertEquals(CATALOGUE.ecgRecorded.partitions(), hpa.getSpec().getMaxReplicas(), "more scorers than partitions would idle");
        var metric = hpa.getSpec().getMetrics().get(0).getExternal().getMetric();
        assertEquals("kafka_consumergroup_lag", metric.getName());
        assertEquals(CATALOGUE.ecgRecorded.name(), metric.getSelector().getMatchLabels().get("topic"));
        assertEquals(streamsApplicationId(), metric.getSelector().getMatchLabels().get("consumergroup"));
    }

    /**
     * Kafka Streams' group is its application id, the scoring service's {@code ScoringSettings.DEFAULT_APPLICATION_ID}
     * (deploy builds after scoring-service but does not put its Quarkus jar on its class path); the scoring user's prefix
     * ACLs must cover it.
     */
    private static String streamsApplicationId() {
        return "triage-scoring";
    }

    @Test
    void kafkaIsThreeKraftNodesAcrossZonesKeepingThreeCopiesAndNeedingTwo() {
        List<KafkaNodePool> pools = Manifests.ofKind(base, KafkaNodePool.class);
        int brokers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER)).mapToInt(p -> p.getSpec().getReplicas()).sum();
        int controllers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER)).mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertEquals(3, brokers);
        assertEquals(3, controllers, "a quorum of three survives one controller lost");
        Kafka kafka = Manifests.named(base, Kafka.class, KafkaTopicManifests.CLUSTER);
        assertEquals("topology.kubernetes.io/zone", kafka.getSpec().getKafka().getRack().getTopologyKey());
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertEquals(Replication.CLUSTER.factor(), ((Number) config.get("default.replication.factor")).intValue());
        assertEquals(Replication.CLUSTER.minInSync(), ((Number) config.get("min.insync.replicas")).intValue());
        assertEquals(Replication.CLUSTER.factor(), ((Number) config.get("transaction.state.log.replication.factor")).intValue(),
                "exactly-once scoring's transactions survive a broker too");
        assertEquals(Boolean.FALSE, config.get("auto.create.topics.enable"));
        assertEquals("simple", kafka.getSpec().getKafka().getAuthorization().getType());
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertEquals(1, listeners.size(), "no plaintext listener beside the TLS one");
        assertTrue(listeners.get(0).isTls());
        assertInstanceOf(KafkaListenerAuthenticationScramSha512.class, listeners.get(0).getAuth());
        assertEquals(9093, listeners.get(0).getPort());
        for (KafkaNodePool p : pools) {
            assertEquals(KafkaTopicManifests.CLUSTER, p.getMetadata().getLabels().get("strimzi.io/cluster"));
        }
    }

    @Test
    void eachServiceIsItsOwnKafkaUserAllowedOnlyWhatItsCodeDoes() {
        Map<String, Set<String>> writes = Map.of(
                "ingest", Set.of(CATALOGUE.ecgRecorded.name(), CATALOGUE.edVisits.name(), CATALOGUE.visitOutcomes.name(), CATALOGUE.deadLetter.name(),
                        CATALOGUE.acceptedMessages.name()),
                "scoring", Set.of(CATALOGUE.ecgScores.name(), CATALOGUE.shadowScores.name(), CATALOGUE.triageAlerts.name(), CATALOGUE.deadLetter.name(),
                        CATALOGUE.dashboardAccess.name()),
                "training", Set.of(CATALOGUE.modelReleases.name()),
                "dashboard", Set.of());
        Map<String, Set<String>> reads = Map.of(
                "ingest", Set.of(CATALOGUE.acceptedMessages.name()),
                "scoring", Set.of(CATALOGUE.ecgRecorded.name(), CATALOGUE.edVisits.name(), CATALOGUE.modelReleases.name(),
                        CATALOGUE.ecgScores.name(), CATALOGUE.triageAlerts.name()),
                "training", Set.of(CATALOGUE.ecgRecorded.name(), CATALOGUE.edVisits.name(), CATALOGUE.visitOutcomes.name()),
                "dashboard", Set.of(CATALOGUE.triageAlerts.name(), CATALOGUE.ecgScores.name()));
        Set<String> catalogue = CATALOGUE.all().stream().map(Topic::name).collect(Collectors.toSet());
        List<KafkaUser> users = Manifests.ofKind(base, KafkaUser.class);
        assertEquals(writes.keySet(), users.stream().map(u -> u.getMetadata().getName()).collect(Collectors.toSet()));
        for (KafkaUser u : users) {
            String name = u.getMetadata().getName();
            assertInstanceOf(KafkaUserScramSha512ClientAuthentication.class, u.getSpec().getAuthentication(), name);
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) u.getSpec().getAuthorization()).getAcls();
            Set<String> written = new HashSet<>(), read = new HashSet<>();
            for (AclRule rule : acls) {
                if (rule.getResource() instanceof AclRuleTopicResource t) {
                    if (t.getPatternType() == AclResourcePatternType.LITERAL) {
                        assertTrue(catalogue.contains(t.getName()), name + ": '" + t.getName() + "' is not a topic of the catalogue");
                        if (rule.getOperations().contains(AclOperation.WRITE)) {
                            written.add(t.getName());
                        }
                        if (rule.getOperations().contains(AclOperation.READ)) {
                            read.add(t.getName());
                        }
                        assertFalse(rule.getOperations().contains(AclOperation.ALL) || rule.getOperations().contains(AclOperation.CREATE),
                                name + " may not create or administer catalogue topics");
                    } else {
                        assertEquals("scoring", name, "only Kafka Streams needs topics of its own");
                        assertEquals(streamsApplicationId() + "-", t.getName(), "its internal topics, nothing else");
                    }
                }
            }
            assertEquals(writes.get(name), written, name + " writes");
            assertEquals(reads.get(name), read, name + " reads");
        }
    }

    @Test
    void theLocalSecureStackGrantsEachPrincipalWhatStrimzisUserOperatorWould() throws IOException {
        Set<String> strimzi = new TreeSet<>(), local = new TreeSet<>();
        for (KafkaUser u : Manifests.ofKind(base, KafkaUser.class)) {
            for (AclRule rule : ((KafkaUserAuthorizationSimple) u.getSpec().getAuthorization()).getAcls()) {
                var r = rule.getResource();
                String name = r instanceof AclRuleTopicResource t ? t.getName()
                        : r instanceof io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource g ? g.getName()
                        : ((io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource) r).getName();
                String pattern = r instanceof AclRuleTopicResource t ? t.getPatternType().toValue()
                        : r instanceof io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource g ? g.getPatternType().toValue()
                        : ((io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource) r).getPatternType().toValue();
                for (AclOperation op : rule.getOperations()) {
                    strimzi.add(u.getMetadata().getName() + " " + r.getType().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase()
                            + " " + name + " " + ("prefix".equals(pattern) ? "PREFIXED" : "LITERAL") + " " + op.toValue().toUpperCase());
                }
            }
        }
        for (KafkaUserAcls u : KafkaUserAcls.read(BASE.resolve("kafka-users.yaml"))) {
            for (var b : u.acls()) {
                assertEquals("User:" + u.user(), b.entry().principal());
                local.add(u.user() + " " + b.pattern().resourceType() + " " + b.pattern().name() + " " + b.pattern().patternType() + " "
                        + b.entry().operation().name().replace("_", ""));
            }
        }
        assertEquals(strimzi, local);
        assertTrue(local.size() > 20, "every rule of every user: " + local.size());
    }

    @Test
    void everySecretAPodMountsIsStrimzisOrOneTheOperationsGuideTellsTheSiteToCreate() throws IOException {
        Set<String> strimzi = new HashSet<>();
        Manifests.ofKind(base, KafkaUser.class).forEach(u -> strimzi.add(u.getMetadata().getName()));
        strimzi.add(KafkaTopicManifests.CLUSTER + "-cluster-ca-cert");
        String guide = Files.readString(Path.of("README.md"));
        for (Deployment d : Manifests.ofKind(base, Deployment.class)) {
            var pod = d.getSpec().getTemplate().getSpec();
            Set<String> secrets = new TreeSet<>();
            pod.getVolumes().stream().map(Volume::getSecret).filter(java.util.Objects::nonNull).forEach(s -> secrets.add(s.getSecretName()));
            pod.getContainers().stream().flatMap(c -> c.getEnv().stream()).filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> secrets.add(e.getValueFrom().getSecretKeyRef().getName()));
            for (String s : secrets) {
                assertTrue(strimzi.contains(s) || guide.contains("`" + s + "`"),
                        d.getMetadata().getName() + " mounts Secret " + s + ", which neither Strimzi makes nor deploy/README.md names");
            }
            for (Container c : pod.getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    String n = e.getName().toUpperCase();
                    assertFalse((n.contains("PASSWORD") || n.contains("SECRET") || n.endsWith("_KEY")) && e.getValue() != null,
                            d.getMetadata().getName() + ": " + e.getName() + " is a secret written into the manifest");
                }
            }
        }
    }
}
