package org.edtriage.training.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.wfdb.WfdbReader;
import org.edtriage.training.dataset.DatasetStore;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a PTB-XL-layout folder ({@code ptbxl_database.csv}, {@code scp_statements.csv}, WFDB
 * records) for research: every record becomes an ECG with age, sex and recording date, and its
 * diagnostic superclasses (NORM, MI, STTC, CD, HYP — from the SCP statements whose
 * {@code diagnostic} flag is set, whatever their likelihood, as PTB-XL's own example code does) as labels.
 * PTB-XL codes sex 0 = male, 1 = female and writes age 300 for the over-89s (kept as 90).
 */
public final class PtbXlImport {
    public static final String SOURCE = "ptbxl";
    private static final Pattern CODE = Pattern.compile("'([^']+)'\\s*:\\s*([0-9.]+)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Which sampling rate's records to read. */
    public enum Rate {
        HZ100("filename_lr"), HZ500("filename_hr");
        final String column;

        Rate(String column) {
            this.column = column;
        }
    }

    private PtbXlImport() {
    }

    public record Summary(long records, long added, Map<String, Long> superclassCounts) {
    }

    public static Summary run(Path folder, Rate rate, DatasetStore store, LongConsumer progress) throws IOException {
        Map<String, String> superclass = superclasses(folder.resolve("scp_statements.csv"));
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(folder.resolve("ptbxl_database.csv"))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).build().parse(in).getRecords();
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        long added = 0;
        for (int from = 0; from < rows.size(); from += 100) {
            List<CSVRecord> batch = rows.subList(from, Math.min(rows.size(), from + 100));
            List<Ecg> signals = new ArrayList<>();
            for (CSVRecord row : batch) {
                Path header = folder.resolve(row.get(rate.column) + ".hea");
                signals.add(WfdbReader.read(header)); // a damaged record stops the import by name
            }
            added += store.transaction(() -> {
                long n = 0;
                for (int i = 0; i < batch.size(); i++) {
                    CSVRecord row = batch.get(i);
                    String ecgId = SOURCE + "-" + row.get("ecg_id");
                    String patientId = SOURCE + "-" + (long) Double.parseDouble(row.get("patient_id"));
                    var acquired = LocalDateTime.parse(row.get("recording_date"), DATE).toInstant(ZoneOffset.UTC);
                    Integer age = row.get("age").isBlank() ? null : Math.min(90, (int) Double.parseDouble(row.get("age")));
                    Sex sex = "1".equals(row.get("sex")) ? Sex.FEMALE : "0".equals(row.get("sex")) ? Sex.MALE : Sex.UNKNOWN;
                    Set<String> labels = new TreeSet<>();
                    Matcher m = CODE.matcher(row.get("scp_codes"));
                    while (m.find()) {
                        String cls = superclass.get(m.group(1));
                        if (cls != null) {
                            labels.add(cls);
                        }
                    }
                    if (store.putEcg(ecgId, patientId, null, acquired, age, sex, SOURCE, signals.get(i))) {
                        n++;
                    }
                    store.putLabels(ecgId, labels);
                    labels.forEach(l -> counts.merge(l, 1L, Long::sum));
                }
                return n;
            });
            progress.accept(Math.min(rows.size(), from + 100));
        }
        return new Summary(rows.size(), added, counts);
    }

    /** SCP code → diagnostic superclass, for the diagnostic statements. */
    static Map<String, String> superclasses(Path scpStatements) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Reader in = Files.newBufferedReader(scpStatements)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).build().parse(in)) {
                String diagnostic = row.isMapped("diagnostic") ? row.get("diagnostic") : "";
                String cls = row.isMapped("diagnostic_class") ? row.get("diagnostic_class") : "";
                if (!diagnostic.isBlank() && Double.parseDouble(diagnostic) == 1.0 && !cls.isBlank()) {
                    out.put(row.get(0), cls);
                }
            }
        }
        return out;
    }
}
