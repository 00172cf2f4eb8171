package org.edtriage.schemas.registry;

import org.apache.avro.Schema;

/**
 * The operations our serdes and provisioning need from a Confluent-style schema registry.
 * {@link SchemaRegistryClient} speaks the REST API to a real one; {@link InMemorySchemaRegistry}
 * serves unit tests (TopologyTestDriver) that run without any server.
 */
public interface SchemaRegistry {

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject. */
    int lookup(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    /** The latest registered version of a subject. */
    RegisteredSchema latest(String subject);

    void setCompatibility(String subject, Compatibility level);

    /** Whether the schema may become the subject's next version under its compatibility rule. */
    boolean isCompatible(String subject, Schema schema);

    /** A registered schema with its coordinates. */
    record RegisteredSchema(String subject, int id, int version, Schema schema) {
    }
}
