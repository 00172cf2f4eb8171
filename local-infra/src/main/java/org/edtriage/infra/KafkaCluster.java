package org.edtriage.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Several real KRaft nodes, each broker and controller, in child JVMs on 127.0.0.1: the quorum and the replication a
 * production cluster has (three nodes: one may be killed with no acknowledged record lost and no writer refused),
 * so fail-over is tested against Kafka itself. Internal topics and topics without a setting keep three copies and need
 * two in sync; the nodes are formatted with one cluster id and started together (a node answers only once a majority
 * of the quorum runs).
 */
public final class KafkaCluster implements AutoCloseable {
    private final List<KafkaBroker> nodes;

    private KafkaCluster(List<KafkaBroker> nodes) {
        this.nodes = nodes;
    }

    /** Formats and starts {@code size} nodes under {@code dir/node-N}; returns once every node accepts admin requests. */
    public static KafkaCluster start(Path dir, int size) throws IOException, InterruptedException {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster of " + size + " nodes");
        }
        int[] ports = new int[size], controllerPorts = new int[size];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports[i] = FreePort.pick();
            controllerPorts[i] = FreePort.pick();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        int replicas = Math.min(3, size), minInSync = Math.max(1, Math.min(2, size - 1));
        List<KafkaBroker> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            KafkaBroker.Membership m = new KafkaBroker.Membership(i + 1, String.join(",", voters), clusterId, replicas, minInSync);
            KafkaBroker node = new KafkaBroker(dir.resolve("node-" + (i + 1)).toAbsolutePath(), ports[i], controllerPorts[i],
                    System.getProperty("java.class.path"), size == 1 ? "-Xmx384m" : "-Xmx320m", m);
            node.format();
            nodes.add(node);
        }
        KafkaCluster cluster = new KafkaCluster(nodes);
        try {
            for (KafkaBroker n : nodes) {
                n.spawn();
            }
            for (KafkaBroker n : nodes) {
                n.awaitReady();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** One node whose clients must sign in ({@link KafkaBroker.Security}), under {@code dir/node-1}: the local stack's secure mode. */
    public static KafkaCluster startSecure(Path dir, KafkaBroker.Security security) throws IOException, InterruptedException {
        return new KafkaCluster(List.of(KafkaBroker.startSecure(dir.resolve("node-1"), security)));
    }

    /** Every node's listener: a client finds the cluster through any one that runs. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    public List<KafkaBroker> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The node with this id (1-based, as Kafka numbers them). */
    public KafkaBroker node(int nodeId) {
        return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in a cluster of " + nodes.size()));
    }

    /** The node that leads most partitions of {@code topic}: the one whose loss hurts its writers most. */
    public KafkaBroker leaderOfMost(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<Integer, Integer> led = new HashMap<>();
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() != null) {
                    led.merge(p.leader().id(), 1, Integer::sum);
                }
            }
            int id = led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow(() -> new IllegalStateException(topic + " has no leader"))
                    .getKey();
            return node(id);
        }
    }

    /**
     * Stops every node, controlled, all at once: one after the other, the last would wait out its grace period for a
     * quorum that has already gone.
     */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (KafkaBroker n : nodes) {
            Thread t = new Thread(n::close, "stop-kafka-node-" + n.nodeId());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
