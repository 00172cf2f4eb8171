package org.edtriage.scoring.dashboard;

import org.edtriage.schemas.events.TriageAlert;

import java.time.Instant;

/** One alert as the dashboard shows it. */
public record AlertRow(String alertId, String visitId, String patientId, String hospitalId, String level, boolean escalation,
                       double probability, String ecgId, String modelName, String modelVersion, boolean placeholderModel,
                       Instant ingestedAt, Instant raisedAt) {

    static AlertRow of(TriageAlert a) {
        return new AlertRow(a.getAlertId(), a.getVisitId(), a.getPatientId(), a.getHospitalId(), a.getLevel().name(), a.getEscalation(),
                a.getProbability(), a.getEcgId(), a.getModelName(), a.getModelVersion(), a.getPlaceholderModel(), a.getIngestedAt(), a.getRaisedAt());
    }

    /** RULE_IN 2, OBSERVE 1, RULE_OUT 0: the order of urgency. */
    public int urgency() {
        return org.edtriage.schemas.events.AlertLevel.valueOf(level).ordinal();
    }
}
