package org.edtriage.ingest.senders;

import javax.security.auth.x500.X500Principal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may send us ECGs and visits, and for which hospitals. Each sender (an integration engine, an ECG cart gateway) has
 * a name and the sending facilities it speaks for (HL7 MSH-4 over MLLP, the {@code facility} of an upload). HL7 v2 has no
 * authentication of its own, so over MLLP a sender is recognised by what the connection proves: its TLS client
 * certificate's subject and/or its source address; a sender configured with both must match both. Over HTTP the sender
 * is the user it signed in as. No senders configured means nobody is admitted.
 */
public final class Senders {

    /**
     * @param facilities  the MSH-4 values it may send for: exact names, "PREFIX*" (a plain prefix: "SIM-H*" also
     *                    matches "SIM-HX") or "*" (any non-empty facility)
     * @param addresses   source addresses an MLLP connection of this sender comes from; empty: any address
     * @param certificate the subject of its TLS client certificate; empty: no certificate needed
     */
    public record Sender(String name, List<String> facilities, List<AddressRange> addresses, Optional<X500Principal> certificate) {
        public Sender {
            facilities = List.copyOf(facilities);
            addresses = List.copyOf(addresses);
        }

        public boolean allows(String facility) {
            if (facility == null || facility.isBlank()) {
                return false;
            }
            for (String f : facilities) {
                if (f.equals("*") || f.equals(facility) || f.endsWith("*") && facility.startsWith(f.substring(0, f.length() - 1))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether an MLLP connection is this sender's. A sender with neither addresses nor certificate only uses HTTP. */
        boolean owns(InetAddress address, X500Principal peerCertificate) {
            if (addresses.isEmpty() && certificate.isEmpty()) {
                return false;
            }
            boolean addressOk = addresses.isEmpty() || addresses.stream().anyMatch(r -> r.contains(address));
            boolean certificateOk = certificate.isEmpty() || certificate.get().equals(peerCertificate);
            return addressOk && certificateOk;
        }
    }

    /** The outcome of one check: admitted for a named sender, or refused with a reason fit to send back and to log. */
    public record Admission(String sender, String refusal) {
        public boolean admitted() {
            return refusal == null;
        }
    }

    private final List<Sender> senders;

    public Senders(List<Sender> senders) {
        this.senders = List.copyOf(senders);
    }

    /**
     * From configuration: per sender, facilities, addresses and certificate subject (RFC 2253, most specific RDN first,
     * as {@code keytool -printcert} and {@code openssl x509 -subject -nameopt RFC2253} print it).
     */
    public static Senders of(Map<String, SenderSettings> settings) {
        List<Sender> list = new ArrayList<>();
        settings.forEach((name, s) -> {
            List<String> facilities = s.facilities().stream().map(String::strip).filter(f -> !f.isEmpty()).toList();
            if (facilities.isEmpty()) {
                throw new IllegalArgumentException("sender '" + name + "' names no facilities");
            }
            list.add(new Sender(name, facilities, s.addresses().stream().map(AddressRange::parse).toList(),
                    s.certificate().map(X500Principal::new)));
        });
        return new Senders(list);
    }

    /** What configuration says about one sender. */
    public record SenderSettings(List<String> facilities, List<String> addresses, Optional<String> certificate) {
    }

    /** Whether some sender is recognised by its client certificate (then MLLP must ask for one). */
    public boolean anyCertificate() {
        return senders.stream().anyMatch(s -> s.certificate().isPresent());
    }

    public boolean isEmpty() {
        return senders.isEmpty();
    }

    public List<Sender> all() {
        return senders;
    }

    /** Whether any sender owns this MLLP connection (it may then still be refused a facility); null when none does. */
    public Admission admitConnection(InetAddress address, X500Principal certificate) {
        List<Sender> owners = senders.stream().filter(s -> s.owns(address, certificate)).toList();
        return owners.isEmpty() ? new Admission(null, stranger(address, certificate)) : new Admission(owners.get(0).name(), null);
    }

    /** Whether the named sender may speak for this facility (an MSH-4, or the assigning authority of a patient id). */
    public boolean allows(String sender, String facility) {
        return senders.stream().anyMatch(s -> s.name().equals(sender) && s.allows(facility));
    }

    /**
     * One HL7 message over MLLP.
     *
     * @param certificate the subject of the client certificate the connection presented, null for none (or plain TCP)
     * @param facility    MSH-4 (its first component)
     */
    public Admission admitMllp(InetAddress address, X500Principal certificate, String facility) {
        List<Sender> owners = senders.stream().filter(s -> s.owns(address, certificate)).toList();
        if (owners.isEmpty()) {
            return new Admission(null, stranger(address, certificate));
        }
        for (Sender s : owners) {
            if (s.allows(facility)) {
                return new Admission(s.name(), null);
            }
        }
        return new Admission(owners.get(0).name(), "sender " + names(owners) + " may not send for facility '" + printable(facility) + "' (MSH-4)");
    }

    /** One upload by a sender that signed in as {@code name}. */
    public Admission admitHttp(String name, String facility) {
        Optional<Sender> sender = senders.stream().filter(s -> s.name().equals(name)).findFirst();
        if (sender.isEmpty()) {
            return new Admission(name, "sender '" + name + "' has no facilities configured");
        }
        if (!sender.get().allows(facility)) {
            return new Admission(name, "sender '" + name + "' may not send for facility '" + printable(facility) + "'");
        }
        return new Admission(name, null);
    }

    private static String stranger(InetAddress address, X500Principal certificate) {
        return "connection from " + address.getHostAddress()
                + (certificate == null ? " without a client certificate" : " with certificate " + certificate.getName())
                + " is not an allowed sender";
    }

    /** What a sender wrote, fit for a log line and an ACK: no control characters (no forged lines), at most 64 characters. */
    public static String printable(String text) {
        String s = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    private static String names(List<Sender> owners) {
        return String.join("/", owners.stream().map(s -> "'" + s.name() + "'").toList());
    }
}
