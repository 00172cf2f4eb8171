package org.edtriage.load.run;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/** A measured stage, from one per-arrival timestamp to another. */
public enum Stage {
    /** Sender's due time → its ACK (AA, HTTP 202, Kafka ack): includes any backlog at the sender. */
    ACK("ack", l -> l.intended, l -> l.acked),
    /** ingestedAt carried in the event → the score committed and visible to a read_committed consumer. */
    INGEST_TO_SCORE("ingest→score", l -> l.ingested, l -> l.scored),
    /** ingestedAt → the alert committed and visible: what an ED dashboard sees. */
    INGEST_TO_ALERT("ingest→alert", l -> l.ingested, l -> l.alerted),
    /** The sender's due time → the alert visible: end to end, coordinated-omission free. */
    SEND_TO_ALERT("send→alert", l -> l.intended, l -> l.alerted);

    final String label;
    final Function<Ledger, AtomicLongArray> from, to;

    Stage(String label, Function<Ledger, AtomicLongArray> from, Function<Ledger, AtomicLongArray> to) {
        this.label = label;
        this.from = from;
        this.to = to;
    }

    long of(Ledger l, int i) {
        return Ledger.between(from.apply(l), to.apply(l), i);
    }
}
