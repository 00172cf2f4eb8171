package org.edtriage.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema registry held in memory, for unit tests that run without a server (TopologyTestDriver).
 * It enforces BACKWARD compatibility with Avro's own resolution rules, as a real registry would,
 * so a unit test cannot pass with a schema change the real one would refuse.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final Map<String, List<Integer>> versions = new HashMap<>();
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Compatibility> compatibility = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> ids = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        for (int id : ids) {
            if (byId.get(id).equals(schema)) {
                return id;
            }
        }
        if (!isCompatible(subject, schema)) {
            throw new SchemaRegistryException("schema is incompatible with the latest version of " + subject, 409, 409);
        }
        int id = idOf(schema);
        ids.add(id);
        return id;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        for (int id : versions.getOrDefault(subject, List.of())) {
            if (byId.get(id).equals(schema)) {
                return id;
            }
        }
        throw new SchemaRegistryException("schema not found under " + subject, 404, 40403);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("schema " + id + " not found", 404, 40403);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> ids = versions.get(subject);
        if (ids == null || ids.isEmpty()) {
            throw new SchemaRegistryException("subject " + subject + " not found", 404, 40401);
        }
        int id = ids.get(ids.size() - 1);
        return new RegisteredSchema(subject, id, ids.size(), byId.get(id));
    }

    @Override
    public synchronized void setCompatibility(String subject, Compatibility level) {
        compatibility.put(subject, level);
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Integer> ids = versions.getOrDefault(subject, List.of());
        if (ids.isEmpty() || compatibility.getOrDefault(subject, Compatibility.BACKWARD) == Compatibility.NONE) {
            return true;
        }
        Schema previous = byId.get(ids.get(ids.size() - 1));
        return SchemaCompatibility.checkReaderWriterCompatibility(schema, previous).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private int idOf(Schema schema) {
        for (Map.Entry<Integer, Schema> e : byId.entrySet()) {
            if (e.getValue().equals(schema)) {
                return e.getKey();
            }
        }
        int id = byId.size() + 1;
        byId.put(id, schema);
        return id;
    }
}
