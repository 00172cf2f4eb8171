package org.edtriage.ecg.simulate;

import org.edtriage.ecg.wfdb.WfdbWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a cohort to a folder: every ECG as a format-16 WFDB record under {@code records/} (1,000 per
 * sub-folder) and {@code manifest.csv}, one row per ECG with patient, visit, times, age, sex, chief
 * complaint, outcome and the ground-truth generative parameters. A row is written when its visit's
 * outcome is known, so memory holds only the visits still waiting for their label.
 */
public final class CohortWriter {
    public static final String HEADER = "ecg_id,record,patient_id,visit_id,hospital_id,arrival,acquired,age,sex,"
            + "chief_complaint_code,chief_complaint,chest_pain,ecg_index_in_visit,ami_30d,outcome_icd10,label_time,diagnosed_at,"
            + "device,sampling_rate_hz,rhythm,pvc_probability,condition,mi_territory,mi_st_mv,mi_stage,heart_rate_bpm,axis_deg,"
            + "pr_ms,qrs_ms,qtc_ms,qrs_scale,t_scale,lead_off";

    private CohortWriter() {
    }

    public record Summary(long visits, long ecgs, long outcomes, long amiVisits, long chestPainVisits, long bytes) {
    }

    public static Summary write(Cohort cohort, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("records"));
        Map<String, List<String>> waiting = new HashMap<>();
        long visits = 0, ecgs = 0, outcomes = 0, ami = 0, chestPain = 0, bytes = 0;
        try (BufferedWriter manifest = Files.newBufferedWriter(dir.resolve("manifest.csv"), StandardCharsets.UTF_8)) {
            manifest.write(HEADER);
            manifest.newLine();
            while (cohort.hasNext()) {
                CohortEvent event = cohort.next();
                if (event instanceof CohortEvent.Visit v) {
                    visits++;
                    chestPain += v.chestPain() ? 1 : 0;
                    waiting.putIfAbsent(v.visitId(), new ArrayList<>(3)); // a prehospital ECG may come first
                } else if (event instanceof CohortEvent.Recording r) {
                    SimulatedEcg s = r.synthesize();
                    WfdbWriter.WfdbFiles files = WfdbWriter.format16(s.ecg());
                    String folder = "records/" + r.ecgId().substring(0, r.ecgId().length() - 3) + "xxx";
                    Path sub = dir.resolve(folder);
                    Files.createDirectories(sub);
                    Files.write(sub.resolve(files.headerFileName()), files.header());
                    Files.write(sub.resolve(files.dataFileName()), files.data());
                    bytes += files.header().length + files.data().length;
                    ecgs++;
                    waiting.computeIfAbsent(r.visit().visitId(), k -> new ArrayList<>()).add(row(r, s, folder + "/" + r.ecgId()));
                } else if (event instanceof CohortEvent.Outcome o) {
                    outcomes++;
                    ami += o.amiWithin30Days() ? 1 : 0;
                    for (String row : waiting.getOrDefault(o.visit().visitId(), List.of())) {
                        manifest.write(row.replace("{ami}", Boolean.toString(o.amiWithin30Days()))
                                .replace("{codes}", String.join(" ", o.icd10Codes()))
                                .replace("{label}", o.time().toString())
                                .replace("{diagnosed}", o.diagnosedAt() == null ? "" : o.diagnosedAt().toString()));
                        manifest.newLine();
                    }
                    waiting.remove(o.visit().visitId());
                }
            }
        }
        return new Summary(visits, ecgs, outcomes, ami, chestPain, bytes);
    }

    static String row(CohortEvent.Recording r, SimulatedEcg s, String record) {
        CohortEvent.Visit v = r.visit();
        PatientTraits t = r.traits();
        AcuteMi mi = r.mi();
        return String.join(",", r.ecgId(), record, v.patientId(), v.visitId(), v.hospitalId(), v.time().toString(), r.time().toString(),
                Integer.toString(v.ageYears()), v.sex().name(), v.complaintCode(), v.complaintText(), Boolean.toString(v.chestPain()),
                Integer.toString(r.indexInVisit()), "{ami}", "{codes}", "{label}", "{diagnosed}",
                quote(r.device().model()), number(r.device().samplingRateHz()), r.rhythm().kind().name(), number(r.rhythm().pvcProbability()),
                t.condition().name(), mi == null ? "" : mi.territory().name(), mi == null ? "" : number(mi.stMv()),
                mi == null ? "" : mi.stage().name(), number(t.heartRateBpm()), number(t.axisDeg()), number(t.prMs()), number(t.qrsMs()),
                number(t.qtcMs()), number(t.qrsScale()), number(t.tScale()), s.leadOff() == null ? "" : s.leadOff());
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
