package org.edtriage.ecg.muse;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The XML side of MUSE documents: bounded reading, the one DOCTYPE MUSE writes, a hardened parser, and
 * element access by plain (namespace-free) names.
 *
 * <p>MUSE writes {@code <!DOCTYPE RestingECG SYSTEM "restecg.dtd">} into every export. The parser is
 * hardened as {@code AecgReader}'s is (any DOCTYPE refused, no external entities, no XInclude, secure
 * processing), so that declaration is blanked out of the prolog first, byte for byte with spaces. Only
 * a DOCTYPE without an internal subset ({@code [...]}) is blanked: one with an internal subset (where
 * entity declarations live) is refused, and a DOCTYPE anywhere but the prolog still reaches the parser,
 * which refuses it. The external DTD is never read.
 */
final class MuseXml {
    /** MUSE nests five deep; anything far deeper is not a MUSE document. */
    private static final String MAX_DEPTH = "64";
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

    private MuseXml() {
    }

    /** At most {@code maxBytes} of the stream, or a "size" refusal. */
    static byte[] readBounded(InputStream in, int maxBytes, String name) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new MuseFormatException(name, "size", "the document is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    static Document parse(byte[] xml, String name) {
        byte[] withoutDoctype = blankPrologDoctype(xml, name);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            try {
                f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
            } catch (IllegalArgumentException notTheJdkParser) {
                // another JAXP implementation on the class path: secure processing still bounds the rest
            }
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(withoutDoctype));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (SAXException e) {
            throw new MuseFormatException(name, "xml", "not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            // from bytes in memory, only the content can fail: an unknown encoding, malformed characters
            throw new MuseFormatException(name, "xml", "unreadable XML: " + e, e);
        }
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

    static Element child(Element parent, String name) {
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** A value from the document as a message may show it: at most 40 characters, no control characters. */
    static String shown(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return v.replaceAll("\\p{Cntrl}", "?");
    }

    /** The trimmed text of the named child, or null when there is no such child or it is blank. */
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }
}
