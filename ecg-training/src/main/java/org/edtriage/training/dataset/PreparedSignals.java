package org.edtriage.training.dataset;

import org.edtriage.ecg.signal.InputContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dataset's ECGs prepared to one input contract (leads, rate, length, padding, normalisation —
 * windowing does not change what is stored), cached on disk in memory-mapped shards of fixed-size
 * float32 slots, so that every epoch after the first reads prepared signals at memory speed and
 * preprocessing is the same code the scoring service runs ({@link InputContract#prepare}). A slot is
 * filled on first use; a one-byte flag per slot, written after the slot, marks it valid, so a crash
 * mid-write leaves the slot to be prepared again.
 */
public final class PreparedSignals implements AutoCloseable {
    static final int SLOTS_PER_SHARD = 1024;

    private final DatasetStore store;
    private final InputContract contract;
    private final Path dir;
    private final int slotFloats;
    private final Map<String, Long> slots;
    private final Map<Integer, MappedByteBuffer> shards = new HashMap<>();
    private final Map<Integer, MappedByteBuffer> flags = new HashMap<>();

    public PreparedSignals(DatasetStore store, InputContract contract) throws IOException {
        this.store = store;
        this.contract = contract;
        this.slotFloats = contract.rows() * contract.columns();
        this.dir = Files.createDirectories(store.directory().resolve("prepared").resolve(key(contract)));
        Files.writeString(dir.resolve("contract.txt"), describe(contract));
        this.slots = store.sequenceNumbers();
    }

    /** A directory name that changes whenever the prepared signal would. */
    static String key(InputContract c) {
        return Integer.toHexString(Objects.hash(describe(c))) + "-" + (int) c.samplingRateHz() + "hz-" + c.samples();
    }

    private static String describe(InputContract c) {
        // what a signal contract's cache held before beats and features existed stays valid: their words only when used
        return "leads=" + c.leads() + " rate=" + c.samplingRateHz() + " samples=" + c.samples() + " padding=" + c.padding()
                + " normalisation=" + c.normalisation() + (c.beat() == null ? "" : " beat=" + c.beat().before() + "+" + c.beat().after() + " beat=v1")
                + (c.representation() == InputContract.Representation.SIGNAL ? "" : " representation=" + c.representation() + " features=v2")
                + " prepare=v1\n";
    }

    public InputContract contract() {
        return contract;
    }

    /** The dataset these are prepared from (another contract's cache opens on the same store). */
    public DatasetStore store() {
        return store;
    }

    /** Floats per ECG: the contract's rows × columns. */
    public int size() {
        return slotFloats;
    }

    /** The prepared ECGs, one after another, into {@code out} (length ≥ ids × {@link #size()}). */
    public synchronized void read(List<String> ecgIds, float[] out) {
        for (int i = 0; i < ecgIds.size(); i++) {
            read(ecgIds.get(i), out, i * slotFloats);
        }
    }

    public synchronized void read(String ecgId, float[] out, int offset) {
        Long seq = slots.get(ecgId);
        if (seq == null) {
            refreshSlots();
            seq = slots.get(ecgId);
            if (seq == null) {
                throw new IllegalArgumentException("no ECG " + ecgId + " in the dataset");
            }
        }
        int shard = (int) (seq / SLOTS_PER_SHARD);
        int slot = (int) (seq % SLOTS_PER_SHARD);
        MappedByteBuffer data = shard(shard);
        MappedByteBuffer valid = flags(shard);
        FloatBuffer floats = data.slice((int) ((long) slot * slotFloats * 4), slotFloats * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        if (valid.get(slot) != 1) {
            float[][] prepared = contract.prepare(store.signal(ecgId));
            for (float[] lead : prepared) {
                floats.put(lead);
            }
            floats.rewind();
            data.force((int) ((long) slot * slotFloats * 4), slotFloats * 4); // the data is on disk before its flag
            valid.put(slot, (byte) 1);
        }
        floats.get(out, offset, slotFloats);
    }

    private void refreshSlots() {
        slots.putAll(store.sequenceNumbers());
    }

    private MappedByteBuffer shard(int n) {
        return shards.computeIfAbsent(n, k -> map(dir.resolve(String.format("shard-%05d.f32", k)), (long) SLOTS_PER_SHARD * slotFloats * 4));
    }

    private MappedByteBuffer flags(int n) {
        return flags.computeIfAbsent(n, k -> map(dir.resolve(String.format("shard-%05d.valid", k)), SLOTS_PER_SHARD));
    }

    private static MappedByteBuffer map(Path file, long bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (MappedByteBuffer b : shards.values()) {
            b.force();
        }
        for (MappedByteBuffer b : flags.values()) {
            b.force();
        }
        shards.clear();
        flags.clear();
    }
}
