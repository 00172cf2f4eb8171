package org.edtriage.load.run;

import org.edtriage.deploy.feed.FolderSource;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.hl7.AdtWriter;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.ecg.wfdb.WfdbWriter;
import org.edtriage.schemas.events.EdVisit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What arrival i sends: ECG signals from the cohort simulator's chest-pain visits (or WFDB records read in place from
 * a folder, e.g. {@code ../shared/data/ptb-xl-500}), each sent as a fresh ECG of its own chest-pain visit, acquired now,
 * so every valid arrival should end in exactly one score and one alert. Names carry the run id and the arrival index,
 * which is how the collector finds an event's arrival again (MSH-10 control id, WFDB record name, Kafka sourceRef).
 */
public final class Workload {
    /** The local stack's sender may send for it (LocalStack.SENDER_FACILITIES). */
    public static final String FACILITY = org.edtriage.deploy.feed.DemoFacility.NAME;
    private final List<Ecg> templates;
    private final String runId;

    public Workload(List<Ecg> templates, String runId) {
        this.templates = templates;
        this.runId = runId;
    }

    /** @param folder null for the simulator */
    public static Workload of(Path folder, String runId, int templates) throws Exception {
        List<Ecg> out = new ArrayList<>();
        if (folder == null) {
            Cohort cohort = new Cohort(CohortConfig.defaults(20261122L, 20_000).withAmiIncidence(0.15));
            while (out.size() < templates && cohort.hasNext()) {
                if (cohort.next() instanceof CohortEvent.Recording r && r.visit().chestPain()) {
                    out.add(r.synthesize().ecg());
                }
            }
        } else {
            FolderSource source = new FolderSource(folder);
            while (out.size() < templates && source.hasNext()) {
                var r = source.next();
                out.add(r.ecg(FolderSource.SITE_ZONE)); // a WFDB record or a vendor document, sent on as each entry sends ECGs
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no ECGs to send from " + (folder == null ? "the simulator" : folder));
        }
        return new Workload(out, runId);
    }

    public String runId() {
        return runId;
    }

    /** The sender's reference of arrival i: control id, record name and sourceRef at once (WFDB-legal characters). */
    public String name(int i) {
        return "L" + runId + "x" + i;
    }

    /** Arrival i's index from a sender's reference, or -1 when it is not one of this run's. */
    public int indexOf(String sourceRef) {
        String prefix = "L" + runId + "x";
        if (sourceRef == null || !sourceRef.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(sourceRef.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Ecg ecg(int i, Instant acquired) {
        Ecg t = templates.get(i % templates.size());
        return new Ecg(name(i), t.samplingRateHz(), t.leads(), acquired, t.ageYears(), t.sex());
    }

    public PatientIdentity identity(int i, Ecg ecg) {
        return new PatientIdentity("P" + name(i), "V" + name(i), null, ecg.sex(), FACILITY);
    }

    /** ADT^A04: the ED registration of arrival i's chest-pain visit. */
    public String registration(int i, Ecg ecg, Instant arrival) {
        return AdtWriter.registration("A" + name(i), identity(i, ecg), arrival, "R07.4", "chest pain", ZoneOffset.UTC);
    }

    public String oru(int i, Ecg ecg) {
        return OruWriter.write(ecg, OruShape.PCD01, name(i), identity(i, ecg), ZoneOffset.UTC);
    }

    public WfdbWriter.WfdbFiles wfdb(Ecg ecg) {
        return WfdbWriter.format16(ecg);
    }

    public EdVisit visitEvent(int i, Ecg ecg, Instant arrival) {
        return EdVisit.newBuilder().setVisitId("V" + name(i)).setPatientId("P" + name(i)).setHospitalId(FACILITY)
                .setArrivalTime(arrival).setChestPain(true).setChiefComplaintCode("R07.4").setChiefComplaintText("chest pain")
                .build();
    }
}
