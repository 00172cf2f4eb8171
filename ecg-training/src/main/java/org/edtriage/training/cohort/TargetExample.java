package org.edtriage.training.cohort;

/** One chest-pain visit with the ECG chosen for it and its label: AMI (ICD-10 I21) within 30 days of arrival. */
public record TargetExample(EdVisitRow visit, EcgRow ecg, boolean ami) {
    public String patientId() {
        return visit.patientId();
    }
}
