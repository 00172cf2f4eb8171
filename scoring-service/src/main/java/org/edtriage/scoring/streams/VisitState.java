package org.edtriage.scoring.streams;

import org.edtriage.schemas.events.AlertLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * One visit as the scoring stream keeps it: what the registration said, the highest alert level raised so far
 * (null before the first score), and every ECG accepted for scoring (so a re-sent ECG is not scored twice).
 */
public record VisitState(String visitId, String hospitalId, long arrivalMillis, boolean chestPain, AlertLevel alerted,
                         List<String> ecgIds) {
    public VisitState {
        ecgIds = ecgIds == null ? new ArrayList<>() : new ArrayList<>(ecgIds);
    }

    VisitState registration(String hospital, long arrival, boolean chest) {
        return new VisitState(visitId, hospital, arrival, chest, alerted, ecgIds);
    }

    VisitState withAlerted(AlertLevel level) {
        return new VisitState(visitId, hospitalId, arrivalMillis, chestPain, level, ecgIds);
    }

    VisitState withEcg(String ecgId) {
        List<String> ids = new ArrayList<>(ecgIds);
        ids.add(ecgId);
        return new VisitState(visitId, hospitalId, arrivalMillis, chestPain, alerted, ids);
    }

    /** The ECG is no longer counted as accepted: it was dead-lettered, and a copy sent again must be scored. */
    VisitState withoutEcg(String ecgId) {
        List<String> ids = new ArrayList<>(ecgIds);
        ids.remove(ecgId);
        return new VisitState(visitId, hospitalId, arrivalMillis, chestPain, alerted, ids);
    }
}
