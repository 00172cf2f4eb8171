package org.edtriage.training.imports;

import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.training.cohort.EdVisitRow;
import org.edtriage.training.dataset.DatasetStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs the cohort simulator straight into a dataset store (no WFDB files in between): visits,
 * synthesised ECGs and outcome labels, committed in batches, and for research the simulator's truth about each
 * ECG ({@link DatasetStore#putSimulatedTruth}: the infarct it shows, if any). Re-running with the same seed adds no ECG twice (idempotent by id).
 */
public final class SimulatedCohortImport {
    public static final String SOURCE = "simulator";
    private static final int BATCH = 256;

    private SimulatedCohortImport() {
    }

    /** Imports every event; {@code progress} is told the number of ECGs stored so far. Returns the ECGs added. */
    public static long run(Cohort cohort, DatasetStore store, LongConsumer progress) throws IOException {
        return run(cohort, store, SOURCE, progress);
    }

    /**
     * As {@link #run(Cohort, DatasetStore, LongConsumer)}, filed under another source name (two simulated
     * sites): ids are then prefixed with it, since two simulated cohorts number their patients alike.
     */
    public static long run(Cohort cohort, DatasetStore store, String source, LongConsumer progress) throws IOException {
        long added = 0;
        long seen = 0;
        List<CohortEvent> batch = new ArrayList<>(BATCH);
        while (cohort.hasNext()) {
            batch.add(cohort.next());
            if (batch.size() == BATCH || !cohort.hasNext()) {
                added += store(batch, store, source);
                seen += batch.stream().filter(e -> e instanceof CohortEvent.Recording).count();
                progress.accept(seen);
                batch.clear();
            }
        }
        return added;
    }

    private static long store(List<CohortEvent> events, DatasetStore store, String source) throws IOException {
        // Synthesis is the slow part and needs no lock: done before the transaction, in parallel.
        String prefix = SOURCE.equals(source) ? "" : source + "-";
        List<Object> prepared = events.parallelStream().map(e -> e instanceof CohortEvent.Recording r && !known(store, prefix + r.ecgId())
                ? (Object) r.synthesize() : null).toList();
        String p = SOURCE.equals(source) ? "" : source + "-";
        return store.transaction(() -> {
            long added = 0;
            for (int i = 0; i < events.size(); i++) {
                CohortEvent e = events.get(i);
                if (e instanceof CohortEvent.Recording r && (prepared.get(i) != null || sameRecording(store, p, r))) {
                    // also for ECGs stored before: re-running an import fills in the truth of a store made without it
                    store.putSimulatedTruth(p + r.ecgId(), r.mi() == null ? 0 : r.mi().stMv(), r.mi() == null ? null : r.mi().stage().name(),
                            r.mi() == null ? null : r.mi().territory().name());
                }
                if (e instanceof CohortEvent.Visit v) {
                    store.putVisit(new EdVisitRow(p + v.visitId(), p + v.patientId(), v.time(), v.chestPain(), v.ageYears(), v.sex()),
                            v.hospitalId(), v.complaintCode(), source);
                } else if (e instanceof CohortEvent.Recording r && prepared.get(i) != null) {
                    var s = (org.edtriage.ecg.simulate.SimulatedEcg) prepared.get(i);
                    CohortEvent.Visit v = r.visit();
                    if (store.putEcg(p + r.ecgId(), p + v.patientId(), p + v.visitId(), r.time(), v.ageYears(), v.sex(), source, s.ecg())) {
                        added++;
                    }
                    store.putLabels(p + r.ecgId(), labels(r));
                } else if (e instanceof CohortEvent.Outcome o) {
                    store.putOutcome(new DatasetStore.OutcomeRow(p + o.visit().visitId(), o.amiWithin30Days(), String.join(" ", o.icd10Codes()),
                            o.diagnosedAt(), o.time()));
                }
            }
            return added;
        });
    }

    /**
     * The ground truth a diagnosis model can learn (Nguyen & Do's multi-label mode): the chronic
     * finding (LVH, RBBB, LBBB, EARLY_REPOLARISATION, OLD_MI), a non-sinus rhythm (e.g. AF) and acute MI (AMI).
     */
    static java.util.Set<String> labels(CohortEvent.Recording r) {
        java.util.Set<String> labels = new java.util.TreeSet<>();
        if (r.traits().condition() != org.edtriage.ecg.simulate.Condition.NONE) {
            labels.add(r.traits().condition().name());
        }
        if (r.rhythm().kind() != org.edtriage.ecg.simulate.Rhythm.Kind.SINUS) {
            labels.add(r.rhythm().kind().name());
        }
        if (r.mi() != null) {
            labels.add("AMI");
        }
        return labels;
    }

    /**
     * Whether the ECG stored under the recording's id is this recording (same patient, same time): another cohort (seed,
     * size) numbers its ECGs alike, and its truth must not be written over a stored ECG it did not make.
     */
    private static boolean sameRecording(DatasetStore store, String prefix, CohortEvent.Recording r) {
        return store.ecg(prefix + r.ecgId()).filter(stored -> stored.patientId().equals(prefix + r.visit().patientId())
                && stored.acquiredAt().toEpochMilli() == r.time().toEpochMilli()).isPresent();
    }

    private static boolean known(DatasetStore store, String ecgId) {
        try {
            return store.contains(ecgId);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
