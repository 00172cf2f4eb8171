package org.edtriage.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.registry.SchemaRegistry;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.schemas.registry.SchemaRegistryException;
import org.edtriage.schemas.serde.ConfluentAvroSerde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contracts against a real KRaft broker and a real registry speaking the Confluent REST API. */
class SchemaRegistryIT {
    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static SchemaRegistryServer registryServer;
    private static Topics topics;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        registryServer = SchemaRegistryServer.start(
                SchemaRegistryServer.locateJar(Path.of(System.getProperty("triage.root", ".."))), dir.resolve("registry"), 0);
        topics = new Topics(new SchemaRegistryClient(registryServer.confluentApiUrl()), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(topics);
            provisioner.createTopics(admin, Replication.SINGLE_NODE);
            provisioner.registerSchemas();
        }
    }

    @AfterAll
    static void stopInfrastructure() {
        if (registryServer != null) registryServer.close();
        if (broker != null) broker.close();
    }

    @Test
    void provisioningCreatesEveryCatalogueTopicAndSubject() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Set<String> expected = topics.all().stream().map(Topic::name).collect(Collectors.toSet());
            Map<String, TopicDescription> described = admin.describeTopics(expected).allTopicNames().get();
            for (Topic<String, ?> topic : topics.all()) {
                assertEquals(topic.partitions(), described.get(topic.name()).partitions().size(), topic.name());
                SchemaRegistry.RegisteredSchema latest = topics.registry().latest(topic.name() + "-value");
                assertEquals(Topics.avroSerde((Topic) topic).schema(), latest.schema(), topic.name());
            }
        }
    }

    @Test
    void aTwelveLeadEcgTravelsThroughKafkaInTheConfluentWireFormatUnder130Kb() throws Exception {
        EcgRecorded ecg = SampleEvents.twelveLeadEcg("ecg-roundtrip", 5000);
        byte[] bytes = topics.ecgRecorded.serializeValue(ecg);
        System.out.printf("serialised 12-lead 10 s 500 Hz EcgRecorded: %d bytes%n", bytes.length);
        assertTrue(bytes.length <= 130 * 1024, "size " + bytes.length);
        assertTrue(bytes.length >= 12 * 5000 * 2, "samples must all be there: " + bytes.length);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertEquals(0, bytes[0]);
        assertEquals(topics.registry().latest("ecg.recorded-value").id(), id);

        try (KafkaProducer<String, EcgRecorded> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                topics.ecgRecorded.keySerde().serializer(), topics.ecgRecorded.valueSerde().serializer());
             KafkaConsumer<String, EcgRecorded> consumer = new KafkaConsumer<>(Map.of(
                     "bootstrap.servers", broker.bootstrapServers(), "group.id", "roundtrip", "auto.offset.reset", "earliest"),
                     topics.ecgRecorded.keySerde().deserializer(), topics.ecgRecorded.valueSerde().deserializer())) {
            producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), ecg.getPatientId(), ecg)).get();
            consumer.subscribe(List.of(topics.ecgRecorded.name()));
            EcgRecorded received = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, EcgRecorded> r : consumer.poll(Duration.ofMillis(500))) {
                    received = r.value();
                }
            }
            assertEquals(ecg, received);
        }
    }

    @Test
    void anIncompatibleChangeIsRefusedAndACompatibleOneReadsOldData() throws Exception {
        String subject = topics.edVisits.name() + "-value";
        EdVisit old = SampleEvents.visit("v-evolution");
        byte[] oldBytes = topics.edVisits.serializeValue(old);

        Schema current = EdVisit.getClassSchema();
        // compatible: a new optional field with a default
        Schema withOptionalField = addField(current, SchemaBuilder.builder().unionOf().nullType().and().stringType().endUnion(), true);
        // incompatible under BACKWARD: a new field without a default cannot be filled from old data
        Schema withRequiredField = addField(current, SchemaBuilder.builder().intType(), false);

        assertFalse(topics.registry().isCompatible(subject, withRequiredField));
        SchemaRegistryException refused = assertThrows(SchemaRegistryException.class,
                () -> topics.registry().register(subject, withRequiredField));
        assertTrue(refused.isIncompatibleSchema(), refused.getMessage());

        assertTrue(topics.registry().isCompatible(subject, withOptionalField));
        int newId = topics.registry().register(subject, withOptionalField);
        assertEquals(newId, topics.registry().latest(subject).id());

        // a consumer built against the new contract reads a record written with the old one
        int writerId = ByteBuffer.wrap(oldBytes, 1, 4).getInt();
        Schema writer = topics.registry().schemaById(writerId);
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, withOptionalField).read(null,
                DecoderFactory.get().binaryDecoder(oldBytes, 5, oldBytes.length - 5, null));
        assertEquals("v-evolution", read.get("visitId").toString());
        assertNull(read.get("triageCategory"));

        // and the generated consumer still reads both old records and ones written after the evolution
        assertEquals(old, topics.edVisits.deserializeValue(oldBytes));
    }

    private static Schema addField(Schema base, Schema type, boolean optional) {
        List<Schema.Field> fields = base.getFields().stream()
                .map(f -> new Schema.Field(f, f.schema())).collect(Collectors.toList());
        fields.add(optional
                ? new Schema.Field("triageCategory", type, "new optional field", Schema.Field.NULL_DEFAULT_VALUE)
                : new Schema.Field("triageCategory", type, "new required field"));
        Schema evolved = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false);
        evolved.setFields(fields);
        return evolved;
    }
}
