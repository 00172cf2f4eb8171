package org.edtriage.ecg.vendorxml;

import org.edtriage.ecg.Ecg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What every vendor XML reader does before it reads its own elements: a size bound on what it takes from a file or a
 * stream (a document is parsed whole, so an unbounded one is a memory attack), and the zone of the site's clock, in
 * which carts and management systems write acquisition times without an offset.
 */
public abstract class VendorXmlReader {
    /** 8 MiB: real 10–11 s, 12-lead, 500 Hz exports are 150–250 kB; a long 1 kHz one still far below. */
    public static final int DEFAULT_MAX_BYTES = 8 << 20;

    protected final ZoneId siteZone;
    private final int maxBytes;

    protected VendorXmlReader(ZoneId siteZone, int maxBytes) {
        if (maxBytes <= 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be positive and below Integer.MAX_VALUE, was " + maxBytes);
        }
        this.siteZone = Objects.requireNonNull(siteZone, "siteZone");
        this.maxBytes = maxBytes;
    }

    public Ecg read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        }
    }

    /** Reads at most the size bound from {@code in} (refusing more); does not close it. */
    public Ecg read(InputStream in, String name) throws IOException {
        return read(VendorXml.readBounded(in, maxBytes, refusal(name)), name);
    }

    public Ecg read(byte[] xml, String name) {
        if (xml.length > maxBytes) {
            throw VendorXml.tooLarge(maxBytes, refusal(name));
        }
        return parse(xml, name);
    }

    /** The document, within the size bound, as an ECG, or the vendor's refusal naming the failing check. */
    protected abstract Ecg parse(byte[] xml, String name);

    /** Refusals of the shared XML code as this vendor's refusals of document {@code name}. */
    protected abstract VendorXml.Refusal refusal(String name);
}
