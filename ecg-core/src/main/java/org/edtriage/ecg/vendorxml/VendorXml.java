package org.edtriage.ecg.vendorxml;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What the vendor XML readers (GE MUSE, Philips) share: bounded reading, one hardened parser, element
 * access by local (namespace-free) names, base64 text, and values shown safely in messages. Each reader
 * refuses in its own exception type, so every refusal here goes through the reader's {@link Refusal}.
 *
 * <p>The parser is hardened as {@code AecgReader}'s is: any DOCTYPE refused, no external entities, no
 * XInclude, secure processing, a bounded element depth. No DTD is ever read. The document's encoding is
 * the parser's to find (Philips writes UTF-16 with a byte order mark, MUSE ISO-8859-1).
 */
public final class VendorXml {
    /** The vendors nest at most eight deep; anything far deeper is not one of their documents. */
    private static final String MAX_DEPTH = "64";

    /** Builds the reader's own exception for a failed check (the caller throws it). */
    @FunctionalInterface
    public interface Refusal {
        RuntimeException refuse(String check, String detail, Throwable cause);
    }

    private VendorXml() {
    }

    /** At most {@code maxBytes} of the stream, or a "size" refusal. */
    public static byte[] readBounded(InputStream in, int maxBytes, Refusal refusal) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes, refusal);
        }
        return bytes;
    }

    public static RuntimeException tooLarge(int maxBytes, Refusal refusal) {
        return refusal.refuse("size", "the document is larger than " + maxBytes + " bytes", null);
    }

    /** The parsed document; "xml" refusals for anything not well-formed, unreadable, or with a DOCTYPE. */
    public static Document parse(byte[] xml, Refusal refusal) {
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
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (SAXException e) {
            throw refusal.refuse("xml", "not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            // from bytes in memory, only the content can fail: an unknown encoding, malformed characters
            throw refusal.refuse("xml", "unreadable XML: " + e, e);
        }
    }

    /**
     * Base64 text as vendors write it (line breaks and indentation allowed); a "base64" refusal naming
     * {@code what} otherwise.
     */
    public static byte[] base64(String text, String what, Refusal refusal) {
        byte[] compact = new byte[text.length()];
        int n = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            if (c > 127) {
                throw refusal.refuse("base64", what + ": character U+" + String.format(Locale.ROOT, "%04X", (int) c)
                        + " in base64 data", null);
            }
            compact[n++] = (byte) c;
        }
        try {
            return Base64.getDecoder().decode(Arrays.copyOf(compact, n));
        } catch (IllegalArgumentException e) {
            throw refusal.refuse("base64", what + ": " + e.getMessage(), e);
        }
    }

    /** The first child element of that local name, or null (also for a null parent). */
    public static Element child(Element parent, String name) {
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The element at the path of local names below {@code parent}, or null where any step is missing. */
    public static Element path(Element parent, String... names) {
        Element e = parent;
        for (String name : names) {
            e = child(e, name);
        }
        return e;
    }

    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** A value from the document as a message may show it: at most 40 characters, no control characters. */
    public static String shown(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return v.replaceAll("\\p{Cntrl}", "?");
    }

    /** The trimmed text of the named child, or null when there is no such child or it is blank. */
    public static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    /** The trimmed value of an unqualified attribute, or null when it is absent or blank. */
    public static String attribute(Element element, String name) {
        if (element == null || !element.hasAttribute(name)) {
            return null;
        }
        String t = element.getAttribute(name).trim();
        return t.isEmpty() ? null : t;
    }
}
