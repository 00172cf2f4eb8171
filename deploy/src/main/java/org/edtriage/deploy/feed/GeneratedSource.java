package org.edtriage.deploy.feed;

import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.ecg.wfdb.WfdbWriter;

/**
 * The ECGs of a simulated ED cohort's chest-pain visits (the cohort simulator in ecg-core), as WFDB records with
 * their patient and visit registration: the default feed of the local stack, so it runs on a bare clone. Only
 * chest-pain visits, because only those are scored; the simulator's full cohort reaches Kafka through
 * {@code ./triage simulate} and {@link CohortFeed}. Each record carries its visit's ground truth (for the console's
 * tally) and the outcomes of earlier chest-pain visits whose labels have come in by its time, so the training
 * service sees labelled visits arrive as an ED's discharge feed would deliver them.
 */
public final class GeneratedSource implements EcgSource {
    private final Cohort cohort;
    private CohortEvent.Recording next;
    private final java.util.List<Discharge> labelled = new java.util.ArrayList<>();

    public GeneratedSource(long seed) {
        // a dense cohort so that the demo shows chest-pain visits and AMIs within minutes
        this.cohort = new Cohort(CohortConfig.defaults(seed, 100_000).withAmiIncidence(0.15));
    }

    @Override
    public boolean hasNext() {
        while (next == null && cohort.hasNext()) {
            CohortEvent event = cohort.next();
            if (event instanceof CohortEvent.Recording r && r.visit().chestPain()) {
                next = r;
            } else if (event instanceof CohortEvent.Outcome o && o.visit().chestPain()) {
                CohortEvent.Visit v = o.visit();
                labelled.add(new Discharge(v.patientId() + "@" + v.hospitalId(), v.visitId(), v.hospitalId(), v.sex(), v.time(), o.time(),
                        o.icd10Codes(), o.diagnosedAt()));
            }
        }
        return next != null;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        CohortEvent.Recording r = next;
        next = null;
        WfdbWriter.WfdbFiles files = WfdbWriter.format16(r.synthesize().ecg());
        CohortEvent.Visit v = r.visit();
        java.util.List<Discharge> outcomes = java.util.List.copyOf(labelled);
        labelled.clear();
        return new Record(r.ecgId(), files.header(), files.data(), v.patientId() + "@" + v.hospitalId(), v.visitId(),
                new Registration(v.time(), v.hospitalId(), v.complaintCode(), v.complaintText(), v.sex()), v.ami(), outcomes, null);
    }

    @Override
    public String describe() {
        return "the ECGs of a simulated ED cohort's chest-pain visits (seed " + cohort.config().seed() + ", 12 leads, 10 s, " + cohort.config().device().model() + ")";
    }
}
