package org.edtriage.scoring.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An ECG accepted for scoring, as kept in the in-flight store until its score is out: the visit it belongs to,
 * when the stream picked it up, and the event's bytes exactly as they came (so it can be scored again by
 * whoever restores the store after a crash).
 */
record Ticket(String visitId, String hospitalId, long pickedAtMillis, byte[] raw) {

    byte[] encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length + 64); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // format
            out.writeUTF(visitId);
            out.writeUTF(hospitalId == null ? "" : hospitalId);
            out.writeLong(pickedAtMillis);
            out.writeInt(raw.length);
            out.write(raw);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Ticket decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readByte();
            if (format != 1) {
                throw new IllegalStateException("in-flight ticket format " + format + " is not known to this version");
            }
            String visit = in.readUTF();
            String hospital = in.readUTF();
            long picked = in.readLong();
            byte[] raw = new byte[in.readInt()];
            in.readFully(raw);
            return new Ticket(visit, hospital.isEmpty() ? null : hospital, picked, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
