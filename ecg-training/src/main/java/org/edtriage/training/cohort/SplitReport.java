package org.edtriage.training.cohort;

import org.edtriage.ecg.Sex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Nyström et al.'s Table I for a split: patients, ECGs, AMI %, age median (IQR), female % per part. */
public final class SplitReport {

    /** One row; AMI % is null for source parts (no label). */
    public record Row(String part, int patients, int ecgs, Double amiPercent, Double ageMedian, Double ageQ1, Double ageQ3,
                      double femalePercent) {
    }

    private SplitReport() {
    }

    public static List<Row> rows(CohortSplit split) {
        List<Row> rows = new ArrayList<>();
        for (var part : split.targetParts()) {
            List<TargetExample> items = part.items();
            Set<String> patients = new HashSet<>();
            items.forEach(t -> patients.add(t.patientId()));
            long ami = items.stream().filter(TargetExample::ami).count();
            rows.add(row(part.name(), patients.size(), items.size(), items.isEmpty() ? null : 100.0 * ami / items.size(),
                    items.stream().map(t -> t.visit().ageYears()).toList(), items.stream().map(t -> t.visit().sex()).toList()));
        }
        for (var part : split.sourceParts()) {
            List<EcgRow> items = part.items();
            Set<String> patients = new HashSet<>();
            items.forEach(e -> patients.add(e.patientId()));
            rows.add(row(part.name(), patients.size(), items.size(), null,
                    items.stream().map(EcgRow::ageYears).toList(), items.stream().map(EcgRow::sex).toList()));
        }
        return rows;
    }

    private static Row row(String name, int patients, int ecgs, Double ami, List<Integer> ages, List<Sex> sexes) {
        double[] known = ages.stream().filter(a -> a != null).mapToDouble(Integer::doubleValue).sorted().toArray();
        long female = sexes.stream().filter(s -> s == Sex.FEMALE).count();
        return new Row(name, patients, ecgs, ami, quantile(known, 0.5), quantile(known, 0.25), quantile(known, 0.75),
                sexes.isEmpty() ? 0 : 100.0 * female / sexes.size());
    }

    /** Linear interpolation between order statistics (type 7, numpy's and R's default). */
    static Double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The table as text, plus the exclusions line. */
    public static String format(CohortSplit split) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-18s %9s %8s %7s %18s %9s%n", "part", "patients", "ECGs", "AMI %", "age median (IQR)", "female %"));
        for (Row r : rows(split)) {
            out.append(String.format(Locale.ROOT, "%-18s %,9d %,8d %7s %18s %8.1f%%%n", r.part(), r.patients(), r.ecgs(),
                    r.amiPercent() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.amiPercent()),
                    r.ageMedian() == null ? "-" : String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", r.ageMedian(), r.ageQ1(), r.ageQ3()),
                    r.femalePercent()));
        }
        var x = split.exclusions();
        out.append(String.format(Locale.ROOT, "left out: %d chest-pain visits without an ECG from 2 h before to 3 h after arrival, "
                        + "%d with the outcome pending, %d earlier visits of temporal-test patients; temporal test from %s%n",
                x.noEcgInWindow(), x.outcomePending(), x.earlierVisitsOfTemporalPatients(), split.temporalCutoff()));
        return out.toString();
    }

}
