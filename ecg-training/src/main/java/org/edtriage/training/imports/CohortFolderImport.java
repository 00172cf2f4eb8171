package org.edtriage.training.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.wfdb.WfdbReader;
import org.edtriage.training.cohort.EdVisitRow;
import org.edtriage.training.dataset.DatasetStore;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Imports what {@code ./triage simulate --out DIR} wrote ({@code manifest.csv} + WFDB records): the
 * same visits, ECGs and outcomes as {@link SimulatedCohortImport}, from files, as a site would import
 * an export of its own ECG archive.
 */
public final class CohortFolderImport {
    private CohortFolderImport() {
    }

    public static long run(Path folder, DatasetStore store, LongConsumer progress) throws IOException {
        long added = 0;
        long seen = 0;
        try (Reader in = Files.newBufferedReader(folder.resolve("manifest.csv"))) {
            Iterator<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).iterator();
            List<CSVRecord> batch = new ArrayList<>();
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == 256 || !rows.hasNext()) {
                    List<Ecg> signals = new ArrayList<>();
                    for (CSVRecord row : batch) {
                        signals.add(WfdbReader.read(folder.resolve(row.get("record") + ".hea")));
                    }
                    List<CSVRecord> rowsOfBatch = List.copyOf(batch);
                    added += store.transaction(() -> {
                        long n = 0;
                        for (int i = 0; i < rowsOfBatch.size(); i++) {
                            CSVRecord r = rowsOfBatch.get(i);
                            Integer age = r.get("age").isBlank() ? null : Integer.parseInt(r.get("age"));
                            Sex sex = Sex.parse(r.get("sex"));
                            store.putVisit(new EdVisitRow(r.get("visit_id"), r.get("patient_id"), Instant.parse(r.get("arrival")),
                                    Boolean.parseBoolean(r.get("chest_pain")), age, sex), r.get("hospital_id"), r.get("chief_complaint_code"),
                                    SimulatedCohortImport.SOURCE);
                            if (store.putEcg(r.get("ecg_id"), r.get("patient_id"), r.get("visit_id"), Instant.parse(r.get("acquired")),
                                    age, sex, SimulatedCohortImport.SOURCE, signals.get(i))) {
                                n++;
                            }
                            store.putOutcome(new DatasetStore.OutcomeRow(r.get("visit_id"), Boolean.parseBoolean(r.get("ami_30d")),
                                    r.get("outcome_icd10"), r.get("diagnosed_at").isBlank() ? null : Instant.parse(r.get("diagnosed_at")),
                                    Instant.parse(r.get("label_time"))));
                        }
                        return n;
                    });
                    seen += batch.size();
                    progress.accept(seen);
                    batch.clear();
                }
            }
        }
        return added;
    }
}
