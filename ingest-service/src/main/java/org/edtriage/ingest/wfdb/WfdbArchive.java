package org.edtriage.ingest.wfdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A WFDB record uploaded as a zip (header, data files, segments). Entries are flattened to their
 * file names (no paths, so nothing can be written or read outside the record), and the archive is
 * bounded in entries and inflated size so a zip bomb is refused instead of filling the heap.
 */
public final class WfdbArchive {
    static final int MAX_ENTRIES = 256;
    static final long MAX_INFLATED_BYTES = 256L * 1024 * 1024;

    private WfdbArchive() {
    }

    /** The archive's files, and which header is the record to read. */
    public record Contents(Map<String, byte[]> files, String headerFile) {
    }

    /**
     * @param record the record name to read when the archive holds several headers; null to pick the
     *               only one, or the multi-segment master
     */
    public static Contents read(byte[] zip, String record) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long inflated = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.size() >= MAX_ENTRIES) {
                    throw new IOException("the archive holds more than " + MAX_ENTRIES + " files");
                }
                String name = entry.getName().replace('\\', '/');
                name = name.substring(name.lastIndexOf('/') + 1);
                if (name.isEmpty() || name.startsWith(".")) {
                    continue; // e.g. __MACOSX/._x or .DS_Store
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    inflated += n;
                    if (inflated > MAX_INFLATED_BYTES) {
                        throw new IOException("the archive inflates to more than " + MAX_INFLATED_BYTES / (1024 * 1024) + " MB");
                    }
                    out.write(buffer, 0, n);
                }
                if (files.put(name, out.toByteArray()) != null) {
                    throw new IOException("the archive holds two files named " + name);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("not a zip archive, or an empty one");
        }
        return new Contents(files, chooseHeader(files, record));
    }

    private static String chooseHeader(Map<String, byte[]> files, String record) throws IOException {
        if (record != null && !record.isBlank()) {
            String wanted = record.endsWith(".hea") ? record : record + ".hea";
            if (!files.containsKey(wanted)) {
                throw new IOException("the archive has no " + wanted);
            }
            return wanted;
        }
        List<String> headers = new ArrayList<>();
        List<String> masters = new ArrayList<>();
        for (var e : files.entrySet()) {
            if (e.getKey().endsWith(".hea")) {
                headers.add(e.getKey());
                String firstLine = new String(e.getValue(), StandardCharsets.ISO_8859_1).lines()
                        .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
                if (firstLine.split("\\s+")[0].contains("/")) {
                    masters.add(e.getKey());
                }
            }
        }
        if (headers.size() == 1) {
            return headers.get(0);
        }
        if (masters.size() == 1) {
            return masters.get(0);
        }
        throw new IOException(headers.isEmpty() ? "the archive holds no .hea header"
                : "the archive holds several records " + headers + "; name one with ?record=");
    }
}
