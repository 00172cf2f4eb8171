package org.edtriage.scoring.streams;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which visit an ECG belongs to: one recorded from {@code before} ahead of arrival to {@code after} past it
 * (2 h and 3 h, as the cohort definition of Nyström et al.). When an ECG falls in the windows of two visits of
 * the same patient, the visit the sender named wins; else the latest visit that had already begun, else the
 * earliest one still to come. {@code grace} is how late (in event time) a visit or ECG may still arrive.
 */
public record VisitWindow(Duration before, Duration after, Duration grace) {
    public static final VisitWindow ED = new VisitWindow(Duration.ofHours(2), Duration.ofHours(3), Duration.ofMinutes(30));

    public VisitWindow {
        if (before.isNegative() || after.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("visit window and grace must not be negative");
        }
    }

    public boolean contains(long arrivalMillis, long acquiredMillis) {
        return acquiredMillis >= arrivalMillis - before.toMillis() && acquiredMillis <= arrivalMillis + after.toMillis();
    }

    public Optional<VisitState> match(List<VisitState> visits, String namedVisitId, long acquiredMillis) {
        List<VisitState> inWindow = visits.stream().filter(v -> contains(v.arrivalMillis(), acquiredMillis)).toList();
        if (namedVisitId != null) {
            Optional<VisitState> named = inWindow.stream().filter(v -> v.visitId().equals(namedVisitId)).findFirst();
            if (named.isPresent()) {
                return named;
            }
        }
        Optional<VisitState> begun = inWindow.stream().filter(v -> v.arrivalMillis() <= acquiredMillis)
                .max(Comparator.comparingLong(VisitState::arrivalMillis));
        return begun.isPresent() ? begun : inWindow.stream().min(Comparator.comparingLong(VisitState::arrivalMillis));
    }

    /** An ECG acquired at this time can no longer meet a visit once event time has passed this point. */
    public long ecgExpiry(long acquiredMillis) {
        return acquiredMillis + before.toMillis() + grace.toMillis();
    }

    /** A visit can no longer receive an ECG once event time has passed this point. */
    public long visitExpiry(long arrivalMillis) {
        return arrivalMillis + after.toMillis() + grace.toMillis();
    }
}
