package org.edtriage.training.dataset;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.training.cohort.EcgRow;
import org.edtriage.training.cohort.EdVisitRow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The training dataset on local disk: metadata (patients, visits, ECGs, outcomes, research labels,
 * consumed Kafka offsets) in an embedded H2 database, signals in memory-mapped segment files
 * ({@link SignalLog}). Every write is idempotent by its natural key (ecgId, visitId), so replaying a
 * topic or re-running an import adds nothing twice. Writes are grouped in {@link #transaction}s; the
 * Kafka consumer stores its offsets in the same transaction as the records, so after a crash the
 * store and its position agree and a restart resumes exactly where the data ends.
 *
 * <p>Not for concurrent writers; readers may run beside the single writer.
 */
public final class DatasetStore implements AutoCloseable {
    private final Path dir;
    private final Connection db;
    private final SignalLog signals;

    /** Counts for health pages and reports. */
    public record Counts(long ecgs, long patients, long visits, long chestPainVisits, long outcomes, long amiOutcomes, long labelledEcgs) {
    }

    /** A visit's label: AMI within 30 days, with its ICD-10 codes and when it became known. */
    public record OutcomeRow(String visitId, boolean ami, String icd10Codes, Instant outcomeTime, Instant labelTime) {
    }

    private DatasetStore(Path dir, Connection db, SignalLog signals) {
        this.dir = dir;
        this.db = db;
        this.signals = signals;
    }

    public static DatasetStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("metadata") + ";AUTO_SERVER=FALSE", "sa", "");
            db.setAutoCommit(false);
            createTables(db);
            return new DatasetStore(dir, db, new SignalLog(dir.resolve("signals")));
        } catch (SQLException e) {
            throw new IOException("cannot open the dataset metadata in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createTables(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ecg (seq BIGINT AUTO_INCREMENT UNIQUE, ecg_id VARCHAR(128) PRIMARY KEY,"
                    + " patient_id VARCHAR(128) NOT NULL, visit_id VARCHAR(128), acquired BIGINT NOT NULL, age INT, sex VARCHAR(8),"
                    + " source VARCHAR(64) NOT NULL, sha256 CHAR(64) NOT NULL, rate DOUBLE NOT NULL, samples INT NOT NULL,"
                    + " leads VARCHAR(256) NOT NULL, segment INT NOT NULL, position BIGINT NOT NULL, length INT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS ecg_patient ON ecg(patient_id)");
            s.execute("CREATE TABLE IF NOT EXISTS visit (visit_id VARCHAR(128) PRIMARY KEY, patient_id VARCHAR(128) NOT NULL,"
                    + " hospital_id VARCHAR(64), arrival BIGINT NOT NULL, chest_pain BOOLEAN NOT NULL, complaint_code VARCHAR(32),"
                    + " age INT, sex VARCHAR(8), source VARCHAR(64) NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS outcome (visit_id VARCHAR(128) PRIMARY KEY, ami BOOLEAN NOT NULL,"
                    + " icd10 VARCHAR(512), outcome_time BIGINT, label_time BIGINT)");
            s.execute("CREATE TABLE IF NOT EXISTS ecg_label (ecg_id VARCHAR(128) NOT NULL, label VARCHAR(64) NOT NULL,"
                    + " PRIMARY KEY (ecg_id, label))");
            s.execute("CREATE TABLE IF NOT EXISTS simulated_ecg (ecg_id VARCHAR(128) PRIMARY KEY, st_mv DOUBLE NOT NULL,"
                    + " stage VARCHAR(16), territory VARCHAR(16))");
            s.execute("CREATE TABLE IF NOT EXISTS kafka_offset (topic VARCHAR(249) NOT NULL, part INT NOT NULL,"
                    + " next_offset BIGINT NOT NULL, PRIMARY KEY (topic, part))");
        }
        db.commit();
    }

    public Path directory() {
        return dir;
    }

    /** A unit of work: everything written inside commits together or not at all. */
    public interface Work<T> {
        T run() throws IOException, SQLException;
    }

    public synchronized <T> T transaction(Work<T> work) throws IOException {
        try {
            T result = work.run();
            signals.force();
            db.commit();
            return result;
        } catch (IOException | SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof SQLException sql) {
                throw new IOException("dataset write failed: " + sql.getMessage(), sql);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Stores an ECG unless one with its id is stored already; returns whether it was new. The SHA-256
     * covers the samples, gains, baselines, lead names and rate, not the id or time.
     */
    public synchronized boolean putEcg(String ecgId, String patientId, String visitId, Instant acquired, Integer age, Sex sex,
                                       String source, Ecg signal) throws IOException, SQLException {
        if (contains(ecgId)) {
            return false;
        }
        byte[] encoded = SignalLog.encode(signal);
        SignalLog.Location at = signals.append(signal);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ecg (ecg_id, patient_id, visit_id, acquired, age, sex, source,"
                + " sha256, rate, samples, leads, segment, position, length) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, ecgId);
            ps.setString(2, patientId);
            ps.setString(3, visitId);
            ps.setLong(4, acquired.toEpochMilli());
            setInteger(ps, 5, age);
            ps.setString(6, (sex == null ? Sex.UNKNOWN : sex).name());
            ps.setString(7, source);
            ps.setString(8, sha256(encoded, 4, encoded.length - 12));
            ps.setDouble(9, signal.samplingRateHz());
            ps.setInt(10, signal.samplesPerLead());
            ps.setString(11, String.join(" ", signal.leadNames()));
            ps.setInt(12, at.segment());
            ps.setLong(13, at.position());
            ps.setInt(14, at.length());
            ps.executeUpdate();
        }
        return true;
    }

    public synchronized boolean contains(String ecgId) throws SQLException {
        return !query("SELECT 1 FROM ecg WHERE ecg_id = ?", rs -> Boolean.TRUE, ecgId).isEmpty();
    }

    /** Stores or updates a visit (a later ADT message may correct it). */
    public synchronized void putVisit(EdVisitRow visit, String hospitalId, String complaintCode, String source) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO visit (visit_id, patient_id, hospital_id, arrival, chest_pain,"
                + " complaint_code, age, sex, source) KEY (visit_id) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, visit.visitId());
            ps.setString(2, visit.patientId());
            ps.setString(3, hospitalId);
            ps.setLong(4, visit.arrival().toEpochMilli());
            ps.setBoolean(5, visit.chestPain());
            ps.setString(6, complaintCode);
            setInteger(ps, 7, visit.ageYears());
            ps.setString(8, visit.sex().name());
            ps.setString(9, source);
            ps.executeUpdate();
        }
    }

    /** Stores or updates a visit's outcome (the latest label wins: a coded diagnosis may be revised). */
    public synchronized void putOutcome(OutcomeRow outcome) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO outcome (visit_id, ami, icd10, outcome_time, label_time)"
                + " KEY (visit_id) VALUES (?,?,?,?,?)")) {
            ps.setString(1, outcome.visitId());
            ps.setBoolean(2, outcome.ami());
            ps.setString(3, outcome.icd10Codes());
            setLong(ps, 4, outcome.outcomeTime());
            setLong(ps, 5, outcome.labelTime());
            ps.executeUpdate();
        }
    }

    /** Research labels of an ECG (e.g. PTB-XL diagnostic superclasses), replacing any it had. */
    public synchronized void putLabels(String ecgId, Set<String> labels) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM ecg_label WHERE ecg_id = ?")) {
            delete.setString(1, ecgId);
            delete.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO ecg_label (ecg_id, label) VALUES (?,?)")) {
            for (String label : labels) {
                ps.setString(1, ecgId);
                ps.setString(2, label);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The next offset to consume per partition of {@code topic}, as stored with the data. */
    public synchronized Map<Integer, Long> offsets(String topic) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT part, next_offset FROM kafka_offset WHERE topic = ?")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    public synchronized void putOffset(String topic, int partition, long nextOffset) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO kafka_offset (topic, part, next_offset) KEY (topic, part) VALUES (?,?,?)")) {
            ps.setString(1, topic);
            ps.setInt(2, partition);
            ps.setLong(3, nextOffset);
            ps.executeUpdate();
        }
    }

    public synchronized List<EdVisitRow> visits() {
        return query("SELECT visit_id, patient_id, arrival, chest_pain, age, sex FROM visit ORDER BY arrival, visit_id", rs -> new EdVisitRow(
                rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getBoolean(4), integer(rs, 5), Sex.valueOf(rs.getString(6))));
    }

    private static final String ECG_ROW = "SELECT ecg_id, patient_id, acquired, age, sex, sha256 FROM ecg";

    private static EcgRow ecgRow(ResultSet rs) throws SQLException {
        return new EcgRow(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), integer(rs, 4), Sex.valueOf(rs.getString(5)),
                rs.getString(6));
    }

    public synchronized List<EcgRow> ecgs() {
        return query(ECG_ROW + " ORDER BY seq", DatasetStore::ecgRow);
    }

    /** The ECG stored under {@code ecgId}, if any. */
    public synchronized Optional<EcgRow> ecg(String ecgId) {
        return query(ECG_ROW + " WHERE ecg_id = ?", DatasetStore::ecgRow, ecgId).stream().findFirst();
    }

    /** The ECGs an import or feed named {@code source} wrote (e.g. {@code ptbxl}). */
    public synchronized List<EcgRow> ecgs(String source) {
        return query(ECG_ROW + " WHERE source = ? ORDER BY seq", DatasetStore::ecgRow, source);
    }

    /** AMI-within-30-days by visit, for every visit whose outcome is known. */
    public synchronized Map<String, Boolean> outcomes() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        query("SELECT visit_id, ami FROM outcome ORDER BY visit_id", rs -> out.put(rs.getString(1), rs.getBoolean(2)));
        return out;
    }

    /**
     * What the cohort simulator put into an ECG (its ground truth, kept for research): the injury current of the infarct it
     * shows as the ST shift in the lead facing it (mV; negative for ST depression, 0 for an ECG-silent infarct and for an
     * ECG without one), the infarct's stage and territory (null without one). Replaces what the ECG had.
     */
    public synchronized void putSimulatedTruth(String ecgId, double stMv, String stage, String territory) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO simulated_ecg (ecg_id, st_mv, stage, territory) KEY (ecg_id) VALUES (?,?,?,?)")) {
            ps.setString(1, ecgId);
            ps.setDouble(2, stMv);
            ps.setString(3, stage);
            ps.setString(4, territory);
            ps.executeUpdate();
        }
    }

    /** The ST shift (mV) the simulator gave each simulated ECG (0 without an infarct or for a silent one); empty for recorded data. */
    public synchronized Map<String, Double> simulatedStMv() {
        Map<String, Double> out = new LinkedHashMap<>();
        query("SELECT ecg_id, st_mv FROM simulated_ecg ORDER BY ecg_id", rs -> out.put(rs.getString(1), rs.getDouble(2)));
        return out;
    }

    /** Research labels by ECG. */
    public synchronized Map<String, Set<String>> labels() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        query("SELECT ecg_id, label FROM ecg_label ORDER BY ecg_id, label",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2)));
        return out;
    }

    /** The ECG's signal, read from its segment (CRC-checked). */
    public Ecg signal(String ecgId) {
        List<Object[]> rows;
        synchronized (this) {
            rows = query("SELECT segment, position, length, acquired, age, sex FROM ecg WHERE ecg_id = ?",
                    rs -> new Object[]{rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), integer(rs, 5), rs.getString(6)}, ecgId);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no ECG " + ecgId + " in the dataset");
        }
        Object[] row = rows.get(0);
        return signals.read(ecgId, new SignalLog.Location((Integer) row[0], (Long) row[1], (Integer) row[2]),
                Instant.ofEpochMilli((Long) row[3]), (Integer) row[4], Sex.valueOf((String) row[5]));
    }

    /** Dense position of the ECG in insertion order (for cache slots). */
    public synchronized Map<String, Long> sequenceNumbers() {
        Map<String, Long> out = new HashMap<>();
        query("SELECT ecg_id, seq FROM ecg", rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    public synchronized Counts counts() {
        long[] c = new long[7];
        query("SELECT (SELECT COUNT(*) FROM ecg), (SELECT COUNT(DISTINCT patient_id) FROM ecg), (SELECT COUNT(*) FROM visit),"
                + " (SELECT COUNT(*) FROM visit WHERE chest_pain), (SELECT COUNT(*) FROM outcome), (SELECT COUNT(*) FROM outcome WHERE ami),"
                + " (SELECT COUNT(DISTINCT ecg_id) FROM ecg_label)", rs -> {
                    for (int i = 0; i < 7; i++) {
                        c[i] = rs.getLong(i + 1);
                    }
                    return null;
                });
        return new Counts(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dataset query failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    static String sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(e);
        } finally {
            signals.close();
        }
    }
}
