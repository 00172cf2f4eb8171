package org.edtriage.schemas;

/**
 * How many copies of every topic's partitions the cluster keeps, and how many must have a write before it is
 * acknowledged ({@code acks=all} waits for {@code minInSync}). A production cluster keeps three and needs two, so
 * one broker may be lost or restarted with no ECG lost and no producer stalled; a single development broker can
 * only keep one, which the local stack says when it provisions.
 */
public record Replication(int factor, int minInSync) {
    /** Three brokers, two in sync: one may fail or roll without losing an acknowledged write or refusing new ones. */
    public static final Replication CLUSTER = new Replication(3, 2);
    /** One broker: no copy to fall back on; for the local stack and tests only. */
    public static final Replication SINGLE_NODE = new Replication(1, 1);

    public Replication {
        if (factor < 1 || minInSync < 1 || minInSync > factor) {
            throw new IllegalArgumentException("replication factor " + factor + " with " + minInSync + " in sync");
        }
    }
}
