package org.edtriage.scoring.streams;

import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;

/** What the scoring processor emits; the topology sends each kind to its topic. */
sealed interface Outbound {
    record Score(EcgScore score) implements Outbound {
    }

    record Shadow(EcgScore score) implements Outbound {
    }

    record Alert(TriageAlert alert) implements Outbound {
    }

    record Rejected(RejectedMessage message) implements Outbound {
    }
}
