package org.edtriage.deploy.feed;

import java.time.Instant;
import java.util.Iterator;

/**
 * Where a feed's ECGs come from: WFDB records, or ECG documents (GE MUSE XML, Philips XML, HL7 aECG), with the patient
 * (and visit) they belong to.
 */
public interface EcgSource extends Iterator<EcgSource.Record> {

    /**
     * @param header       a WFDB record's header, or null for a document
     * @param data         a WFDB record's data file, or null for a document
     * @param registration the ED registration to send (once per visit) before the ECG, so the scoring stream can
     *                     join it; null when the ECG belongs to no visit
     * @param ami          what the visit turned out to be, when the source knows (a simulator's ground truth; null otherwise)
     * @param discharges   visit outcomes that became known by now, sent (ADT^A03 with DG1) after this ECG
     * @param document     an ECG document exactly as its ECG management system exported it, or null for a WFDB record
     */
    record Record(String name, byte[] header, byte[] data, String patientId, String visitId, Registration registration, Boolean ami,
                  java.util.List<Discharge> discharges, byte[] document) {
        public Record(String name, byte[] header, byte[] data, String patientId, String visitId, Registration registration) {
            this(name, header, data, patientId, visitId, registration, null, java.util.List.of(), null);
        }

        /** An ECG document (GE MUSE XML, Philips XML, HL7 aECG) sent as it is. */
        public static Record document(String name, byte[] document, String patientId, String visitId, Registration registration) {
            return new Record(name, null, null, patientId, visitId, registration, null, java.util.List.of(), document);
        }

        public boolean isDocument() {
            return document != null;
        }

        /** The ECG it carries, read as ingest reads it (documents' local times in {@code siteZone}). */
        public org.edtriage.ecg.Ecg ecg(java.time.ZoneId siteZone) {
            if (!isDocument()) {
                return org.edtriage.ecg.wfdb.WfdbReader.read(header, data);
            }
            try {
                return new org.edtriage.ecg.documents.EcgDocuments(siteZone).read(document, name);
            } catch (org.edtriage.ecg.documents.EcgDocuments.Refused e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
    }

    /** A visit's outcome as an ADT^A03 discharge carries it (what continuous training learns from). */
    record Discharge(String patientId, String visitId, String hospitalId, org.edtriage.ecg.Sex sex, Instant arrival, Instant at,
                     java.util.List<String> icd10Codes, Instant diagnosedAt) {
    }

    /** An ED arrival as an ADT^A04 carries it. */
    record Registration(Instant arrival, String hospitalId, String complaintCode, String complaintText, org.edtriage.ecg.Sex sex) {
    }

    /** For people: what this source sends. */
    String describe();
}
