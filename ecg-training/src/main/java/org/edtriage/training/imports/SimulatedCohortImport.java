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
 * synthesised ECGs and outcome labels, committed in batches. Re-running with the same seed adds
 * nothing (idempotent by id).
 */
public final class SimulatedCohortImport {
    public static final String SOURCE = "simulator";
    private static final int BATCH = 256;

    private SimulatedCohortImport() {
    }

    /** Imports every event; {@code progress} is told the number of ECGs stored so far. Returns the ECGs added. */
    public static long run(Cohort cohort, DatasetStore store, LongConsumer progress) throws IOException {
        long added = 0;
        long seen = 0;
        List<CohortEvent> batch = new ArrayList<>(BATCH);
        while (cohort.hasNext()) {
            batch.add(cohort.next());
            if (batch.size() == BATCH || !cohort.hasNext()) {
                added += store(batch, store);
                seen += batch.stream().filter(e -> e instanceof CohortEvent.Recording).count();
                progress.accept(seen);
                batch.clear();
            }
        }
        return added;
    }

    private static long store(List<CohortEvent> events, DatasetStore store) throws IOException {
        // Synthesis is the slow part and needs no lock: done before the transaction, in parallel.
        List<Object> prepared = events.parallelStream().map(e -> e instanceof CohortEvent.Recording r && !known(store, r.ecgId())
                ? (Object) r.synthesize() : null).toList();
        return store.transaction(() -> {
            long added = 0;
            for (int i = 0; i < events.size(); i++) {
                CohortEvent e = events.get(i);
                if (e instanceof CohortEvent.Visit v) {
                    store.putVisit(new EdVisitRow(v.visitId(), v.patientId(), v.time(), v.chestPain(), v.ageYears(), v.sex()),
                            v.hospitalId(), v.complaintCode(), SOURCE);
                } else if (e instanceof CohortEvent.Recording r && prepared.get(i) != null) {
                    var s = (org.edtriage.ecg.simulate.SimulatedEcg) prepared.get(i);
                    CohortEvent.Visit v = r.visit();
                    if (store.putEcg(r.ecgId(), v.patientId(), v.visitId(), r.time(), v.ageYears(), v.sex(), SOURCE, s.ecg())) {
                        added++;
                    }
                } else if (e instanceof CohortEvent.Outcome o) {
                    store.putOutcome(new DatasetStore.OutcomeRow(o.visit().visitId(), o.amiWithin30Days(), String.join(" ", o.icd10Codes()),
                            o.diagnosedAt(), o.time()));
                }
            }
            return added;
        });
    }

    private static boolean known(DatasetStore store, String ecgId) {
        try {
            return store.contains(ecgId);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
