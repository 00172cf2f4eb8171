package org.edtriage.schemas.registry;

/** Confluent compatibility levels. Our subjects use BACKWARD: a new schema must read data written with the previous one. */
public enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
