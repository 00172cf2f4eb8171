package org.edtriage.scoring.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The state-store value per patient: the visits whose window may still take an ECG. */
public record PatientVisits(List<VisitState> visits) {
    public PatientVisits {
        visits = visits == null ? List.of() : List.copyOf(visits);
    }

    static PatientVisits none() {
        return new PatientVisits(List.of());
    }

    Optional<VisitState> find(String visitId) {
        return visits.stream().filter(v -> v.visitId().equals(visitId)).findFirst();
    }

    /** Replaces the visit with the same id, or adds it. */
    PatientVisits put(VisitState visit) {
        List<VisitState> out = new ArrayList<>(visits.size() + 1);
        boolean replaced = false;
        for (VisitState v : visits) {
            if (v.visitId().equals(visit.visitId())) {
                out.add(visit);
                replaced = true;
            } else {
                out.add(v);
            }
        }
        if (!replaced) {
            out.add(visit);
        }
        return new PatientVisits(out);
    }

    PatientVisits update(String visitId, UnaryOperator<VisitState> change) {
        return find(visitId).map(v -> put(change.apply(v))).orElse(this);
    }

    PatientVisits without(java.util.function.Predicate<VisitState> expired) {
        return new PatientVisits(visits.stream().filter(expired.negate()).toList());
    }
}
