package org.edtriage.ecg.muse;

import org.edtriage.ecg.vendorxml.VendorXml;
import org.w3c.dom.Document;

import java.nio.charset.StandardCharsets;

/**
 * What only MUSE documents need on top of {@link VendorXml}: the one DOCTYPE MUSE writes, and refusals as
 * {@link MuseFormatException}.
 *
 * <p>MUSE writes {@code <!DOCTYPE RestingECG SYSTEM "restecg.dtd">} into every export. The shared parser
 * refuses any DOCTYPE, so that declaration is blanked out of the prolog first, byte for byte with spaces.
 * Only a DOCTYPE without an internal subset ({@code [...]}) is blanked: one with an internal subset (where
 * entity declarations live) is refused, and a DOCTYPE anywhere but the prolog still reaches the parser,
 * which refuses it. The external DTD is never read.
 */
final class MuseXml {
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

    private MuseXml() {
    }

    /** Refusals of the shared XML code as MUSE refusals of this document. */
    static VendorXml.Refusal refusal(String name) {
        return (check, detail, cause) -> new MuseFormatException(name, check, detail, cause);
    }

    static Document parse(byte[] xml, String name) {
        return VendorXml.parse(blankPrologDoctype(xml, name), refusal(name));
    }

    /**
     * A copy with the prolog's DOCTYPE replaced by spaces (offsets, hence parser messages, unchanged); the
     * bytes themselves when the prolog holds none. The prolog is scanned as ASCII, which MUSE's
     * ISO-8859-1 and UTF-8 both are there; in any other encoding nothing is found and the parser decides.
     */
    static byte[] blankPrologDoctype(byte[] xml, String name) {
        int i = xml.length >= 3 && (xml[0] & 0xff) == 0xEF && (xml[1] & 0xff) == 0xBB && (xml[2] & 0xff) == 0xBF ? 3 : 0;
        while (i < xml.length) {
            byte b = xml[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                i++;
            } else if (startsWith(xml, i, "<?")) {
                i = after(xml, i + 2, "?>");
            } else if (startsWith(xml, i, "<!--")) {
                i = after(xml, i + 4, "-->");
            } else if (startsWith(xml, i, DOCTYPE)) {
                int end = doctypeEnd(xml, i + DOCTYPE.length, name);
                byte[] copy = xml.clone();
                for (int k = i; k < end; k++) {
                    if (copy[k] != '\n' && copy[k] != '\r') {
                        copy[k] = ' ';
                    }
                }
                return copy;
            } else {
                break;
            }
        }
        return xml;
    }

    /** The index after the DOCTYPE's closing '>', quoted literals skipped; an internal subset is refused. */
    private static int doctypeEnd(byte[] xml, int from, String name) {
        byte quote = 0;
        for (int k = from; k < xml.length; k++) {
            byte b = xml[k];
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '[') {
                throw new MuseFormatException(name, "doctype", "a DOCTYPE with an internal subset (entity declarations) is not accepted");
            } else if (b == '>') {
                return k + 1;
            }
        }
        throw new MuseFormatException(name, "doctype", "the DOCTYPE declaration does not end");
    }

    private static int after(byte[] xml, int from, String end) {
        byte[] e = end.getBytes(StandardCharsets.US_ASCII);
        for (int k = from; k <= xml.length - e.length; k++) {
            if (startsWith(xml, k, e)) {
                return k + e.length;
            }
        }
        return xml.length;
    }

    private static boolean startsWith(byte[] xml, int at, String s) {
        return startsWith(xml, at, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] xml, int at, byte[] s) {
        if (at + s.length > xml.length) {
            return false;
        }
        for (int k = 0; k < s.length; k++) {
            if (xml[at + k] != s[k]) {
                return false;
            }
        }
        return true;
    }
}
