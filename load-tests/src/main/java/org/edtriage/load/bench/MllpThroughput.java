package org.edtriage.load.bench;

import org.edtriage.schemas.KafkaConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.ingest.Pseudonymiser;
import org.edtriage.ingest.hl7.Hl7Ingest;
import org.edtriage.ingest.hl7.AcceptedControlIds;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.kafka.TransactionalPublisher;
import org.edtriage.ingest.mllp.MllpClient;
import org.edtriage.ingest.mllp.MllpServer;
import org.edtriage.ingest.senders.AddressRange;
import org.edtriage.ingest.senders.Senders;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;

import javax.net.ServerSocketFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MLLP ingest throughput of 12-lead 10 s 500 Hz ORU^R01 messages, per accepted shape (NA waveforms in both layouts,
 * and a GE MUSE export embedded in an OBX of type ED when ../shared/data has one), with 1 and 8
 * connections, through the real ingest path (parse, validate, pseudonymise, produce to a real KRaft
 * broker with acks=all, then ACK) — beside the framing-only ceiling measured in the same run: the
 * same MLLP server and clients with a handler that ACKs without parsing. Closed-loop senders, as
 * integration engines are (one message in flight per connection). Every message has its own control
 * id, so none is short-circuited as a duplicate. Bounded: each measurement runs for a fixed time.
 *
 * <p>{@code java -cp "load-tests/target/load-tests.jar:load-tests/target/lib/*" org.edtriage.load.bench.MllpThroughput [seconds]}
 */
public final class MllpThroughput {
    private static final String CONTROL_SLOT = "CTRL000000000000";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Path.of(System.getProperty("triage.home", ".")).toAbsolutePath();
        try (ScratchDir dir = ScratchDir.create("mllp-bench");
             KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(root), dir.resolve("registry"), 0)) {
            Topics topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                new TopicProvisioner(topics).createTopics(admin, Replication.SINGLE_NODE);
                new TopicProvisioner(topics).registerSchemas();
            }
            Ecg ecg = EcgSynthesizer.example("bench", Instant.parse("2026-11-22T08:00:00Z"), 10, 72, 0.1, null, Sex.MALE, 1);
            PatientIdentity who = new PatientIdentity("123@HOSP", "V-1", LocalDate.of(1960, 1, 1), Sex.MALE, "HOSP");
            KafkaConnection kafka = KafkaConnection.plaintext(broker.bootstrapServers());
            try (EventPublisher publisher = new EventPublisher(kafka, Duration.ofSeconds(30));
                 TransactionalPublisher transactions = new TransactionalPublisher(kafka, "bench", Duration.ofSeconds(30));
                 AcceptedControlIds accepted = new AcceptedControlIds(kafka, topics.acceptedMessages, 100_000, Duration.ofSeconds(30))) {
                // the allow-list check is part of the measured path, as in the service
                Senders senders = new Senders(List.of(new Senders.Sender("bench", List.of("HOSP"), List.of(AddressRange.parse("127.0.0.1")),
                        java.util.Optional.empty())));
                Hl7Ingest ingest = new Hl7Ingest(topics, publisher, transactions, accepted, new Pseudonymiser("benchmark-key-0123456789"),
                        senders, ZoneOffset.UTC, Clock.systemUTC(), new SimpleMeterRegistry());
                byte[] ack = "MSH|^~\\&|TRIAGE|ED|||20261122||ACK^R01^ACK|1|P|2.6\rMSA|AA|x\r".getBytes(StandardCharsets.ISO_8859_1);
                List<String> lines = new ArrayList<>();
                AtomicLong ids = new AtomicLong();
                Map<OruShape, byte[]> templates = new java.util.LinkedHashMap<>();
                for (OruShape shape : OruShape.waveformLayouts()) {
                    templates.put(shape, OruWriter.write(ecg, shape, CONTROL_SLOT, who, ZoneOffset.UTC).getBytes(StandardCharsets.ISO_8859_1));
                }
                // a GE MUSE export carried whole in an OBX of type ED: the real one of ../shared/data, when it is there
                Path muse = Path.of(System.getProperty("triage.shared.data", root.resolve("../shared/data").toString()), "vendor-xml/ge-muse/muse_ecg1.xml");
                if (Files.exists(muse)) {
                    templates.put(OruShape.EMBEDDED_DOCUMENT, OruWriter.writeDocument(Files.readAllBytes(muse), CONTROL_SLOT, who, null, ZoneOffset.UTC)
                            .getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    System.out.println("embedded MUSE document not measured: " + muse + " is not there");
                }
                // warm-up: JIT-compile the whole path (both servers, both shapes) before anything is measured
                try (MllpServer warm = new MllpServer("127.0.0.1", 0, 16, 64 << 20, ServerSocketFactory.getDefault(), ingest);
                     MllpServer warmCeiling = new MllpServer("127.0.0.1", 0, 16, 64 << 20, ServerSocketFactory.getDefault(), (f, p) -> ack)) {
                    for (byte[] template : templates.values()) {
                        run(warm.port(), template, 2, Math.max(2, seconds / 2), ids);
                        run(warmCeiling.port(), template, 2, 1, ids);
                    }
                }
                for (Map.Entry<OruShape, byte[]> entry : templates.entrySet()) {
                    OruShape shape = entry.getKey();
                    byte[] template = entry.getValue();
                    for (int connections : new int[]{1, 8}) {
                        double framing;
                        try (MllpServer ceiling = new MllpServer("127.0.0.1", 0, 16, 64 << 20, ServerSocketFactory.getDefault(), (f, p) -> ack)) {
                            framing = run(ceiling.port(), template, connections, seconds, ids);
                        }
                        double full;
                        try (MllpServer server = new MllpServer("127.0.0.1", 0, 16, 64 << 20, ServerSocketFactory.getDefault(), ingest)) {
                            full = run(server.port(), template, connections, seconds, ids);
                        }
                        String line = String.format(Locale.ROOT, "%-17s %d conn  ingest %7.1f msg/s (%5.1f MB/s)   framing-only %7.1f msg/s   ratio %.2f",
                                shape, connections, full, full * template.length / 1e6, framing, full / framing);
                        System.out.println(line);
                        lines.add(line);
                    }
                }
                System.out.println();
                for (Map.Entry<OruShape, byte[]> entry : templates.entrySet()) {
                    System.out.printf(Locale.ROOT, "message size %s: %d bytes%n", entry.getKey(), entry.getValue().length);
                }
                System.out.printf(Locale.ROOT, "%d s per measurement, %d cores%n", seconds, Runtime.getRuntime().availableProcessors());
                lines.forEach(System.out::println);
            }
        }
    }

    /** Closed-loop senders for {@code seconds}; returns ACKed messages per second (AA only). */
    private static double run(int port, byte[] template, int connections, int seconds, AtomicLong ids) throws Exception {
        int slot = indexOf(template, CONTROL_SLOT.getBytes(StandardCharsets.ISO_8859_1)); // MSH-10, the first occurrence
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<Long>> results = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            results.add(pool.submit(() -> {
                long acked = 0;
                byte[] message = template.clone();
                try (MllpClient client = new MllpClient("127.0.0.1", port, 60_000)) {
                    while (System.nanoTime() < end) {
                        byte[] id = String.format(Locale.ROOT, "C%015d", ids.incrementAndGet()).getBytes(StandardCharsets.ISO_8859_1);
                        System.arraycopy(id, 0, message, slot, id.length);
                        String ack = client.send(message);
                        if (MllpClient.ackCode(ack).equals("AA")) {
                            acked++;
                        }
                    }
                }
                return acked;
            }));
        }
        long total = 0;
        for (Future<Long> f : results) {
            total += f.get();
        }
        pool.shutdown();
        return total / (double) seconds;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("control id slot not found");
    }
}
