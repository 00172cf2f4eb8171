package org.edtriage.training.dataset;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The raw signals, as recorded (integer samples, gain and baseline per lead, sampling rate), in
 * append-only segment files of at most {@link #SEGMENT_BYTES} so that each maps into memory whole.
 * A record is located by (segment, position, length), which the metadata database holds; bytes
 * appended by a transaction that then rolled back are never referenced and cost only disk space.
 * Each record carries a CRC-32, checked on every read.
 */
final class SignalLog implements AutoCloseable {
    static final long SEGMENT_BYTES = 1L << 30;
    private static final int MAGIC = 0x45434731; // "ECG1"

    /** Where a record lies. */
    record Location(int segment, long position, int length) {
    }

    private final Path dir;
    private int segment;
    private FileChannel writer;
    private final Map<Integer, MappedByteBuffer> mapped = new HashMap<>();

    SignalLog(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        int last = 0;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("segment-") && name.endsWith(".bin")) {
                    last = Math.max(last, Integer.parseInt(name.substring(8, name.length() - 4)));
                }
            }
        }
        this.segment = last;
        this.writer = FileChannel.open(segmentPath(last), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private Path segmentPath(int n) {
        return dir.resolve(String.format("segment-%05d.bin", n));
    }

    synchronized Location append(Ecg ecg) throws IOException {
        byte[] bytes = encode(ecg);
        if (writer.size() + bytes.length > SEGMENT_BYTES) {
            writer.force(false);
            writer.close();
            segment++;
            writer = FileChannel.open(segmentPath(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        long position = writer.size();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            writer.write(buffer);
        }
        return new Location(segment, position, bytes.length);
    }

    /** Makes appended bytes durable; called before the metadata that references them commits. */
    synchronized void force() throws IOException {
        writer.force(false);
    }

    Ecg read(String recordName, Location at, Instant acquiredAt, Integer age, org.edtriage.ecg.Sex sex) {
        ByteBuffer view = slice(at);
        int magic = view.getInt();
        if (magic != MAGIC) {
            throw new IllegalStateException("signal of " + recordName + " at " + at + " is not an ECG record (bad magic)");
        }
        CRC32 crc = new CRC32();
        ByteBuffer body = view.slice(4, at.length() - 12);
        crc.update(body.duplicate());
        long expected = view.getLong(at.length() - 8);
        if (crc.getValue() != expected) {
            throw new IllegalStateException("signal of " + recordName + " at " + at + " fails its CRC-32 check");
        }
        double rate = body.getDouble();
        int leads = body.getShort();
        int samples = body.getInt();
        List<Lead> out = new ArrayList<>(leads);
        for (int l = 0; l < leads; l++) {
            byte[] name = new byte[body.get()];
            body.get(name);
            double gain = body.getDouble();
            int baseline = body.getInt();
            boolean wide = body.get() != 0;
            int[] values = new int[samples];
            for (int i = 0; i < samples; i++) {
                values[i] = wide ? body.getInt() : body.getShort();
            }
            out.add(new Lead(new String(name, StandardCharsets.UTF_8), values, gain, baseline));
        }
        return new Ecg(recordName, rate, out, acquiredAt, age, sex);
    }

    private synchronized ByteBuffer slice(Location at) {
        MappedByteBuffer map = mapped.get(at.segment());
        if (map == null || map.capacity() < at.position() + at.length()) {
            try (FileChannel channel = FileChannel.open(segmentPath(at.segment()), StandardOpenOption.READ)) {
                map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
                mapped.put(at.segment(), map);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (map.capacity() < at.position() + at.length()) {
            throw new IllegalStateException("segment " + at.segment() + " is shorter than the record at " + at + " (truncated?)");
        }
        return map.slice((int) at.position(), at.length());
    }

    static byte[] encode(Ecg ecg) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + ecg.leads().size() * ecg.samplesPerLead() * 2);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeDouble(ecg.samplingRateHz());
            out.writeShort(ecg.leads().size());
            out.writeInt(ecg.samplesPerLead());
            for (Lead lead : ecg.leads()) {
                byte[] name = lead.name().getBytes(StandardCharsets.UTF_8);
                out.writeByte(name.length);
                out.write(name);
                out.writeDouble(lead.gainPerMv());
                out.writeInt(lead.baseline());
                boolean wide = !lead.fitsInt16();
                out.writeByte(wide ? 1 : 0);
                for (int v : lead.samples()) {
                    if (wide) {
                        out.writeInt(v);
                    } else {
                        out.writeShort(v);
                    }
                }
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(body, 4, body.length - 4);
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
        mapped.clear();
    }
}
