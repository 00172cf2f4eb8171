package org.edtriage.deploy.feed;

import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.wfdb.WfdbReader;
import org.edtriage.ingest.mllp.MllpClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Sends feed records to the stack's ingest service by one of its entry points: WFDB upload, MLLP, or the hot folder. */
public final class Feeder implements AutoCloseable {
    private final String via;
    private final WfdbUploader uploader;
    private final LocalStack stack;
    private final AtomicLong sequence = new AtomicLong();
    private MllpClient mllp;

    public Feeder(LocalStack stack, String via) {
        this.stack = stack;
        this.via = via;
        this.uploader = new WfdbUploader(stack.ingest().baseUrl());
    }

    /** @return null when ingest accepted it (or, for the hot folder, the files were dropped), else why not */
    public String send(EcgSource.Record r) throws IOException, InterruptedException {
        switch (via) {
            case "mllp" -> {
                Ecg ecg = WfdbReader.read(r.header(), r.data());
                String controlId = "FEED" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet();
                String message = OruWriter.write(ecg, OruShape.PCD01, controlId,
                        new PatientIdentity(r.patientId(), r.visitId(), null, ecg.sex(), "DEMO-HOSPITAL"), ZoneOffset.UTC);
                if (mllp == null) {
                    mllp = new MllpClient("127.0.0.1", stack.mllpPort(), 60_000);
                }
                String ack = mllp.send(message);
                return MllpClient.ackCode(ack).equals("AA") ? null : ack.replace('\r', ' ');
            }
            case "folder" -> {
                Path inbox = stack.inbox();
                Files.writeString(inbox.resolve(r.name() + ".id"), "patientId=" + r.patientId() + "\n"
                        + (r.visitId() == null ? "" : "visitId=" + r.visitId() + "\n"));
                Files.write(inbox.resolve(r.name() + ".dat.part"), r.data());
                Files.move(inbox.resolve(r.name() + ".dat.part"), inbox.resolve(r.name() + ".dat"));
                Files.write(inbox.resolve(r.name() + ".hea"), r.header()); // the header last: the record is complete
                return null;
            }
            default -> {
                WfdbUploader.Reply reply = uploader.upload(r.name(), r.header(), r.data(), r.patientId(), r.visitId());
                return reply.accepted() ? null : "HTTP " + reply.status() + " " + reply.body();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (mllp != null) {
            mllp.close();
        }
    }
}
