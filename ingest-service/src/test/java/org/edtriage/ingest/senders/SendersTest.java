package org.edtriage.ingest.senders;

import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendersTest {
    private static final X500Principal CART = new X500Principal("CN=cart-gateway, O=General Hospital");

    private static Senders senders() {
        Map<String, Senders.SenderSettings> s = new LinkedHashMap<>();
        s.put("adt-engine", new Senders.SenderSettings(List.of("GENERAL", " NORTH-*"), List.of("10.20.0.0/16"), Optional.empty()));
        s.put("cart-gw", new Senders.SenderSettings(List.of("GENERAL"), List.of(), Optional.of("CN=cart-gateway,O=General Hospital")));
        s.put("uploader", new Senders.SenderSettings(List.of("*"), List.of(), Optional.empty()));
        return Senders.of(s);
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void anMllpSenderIsKnownByItsAddressOrItsCertificate() throws Exception {
        Senders senders = senders();
        assertEquals(new Senders.Admission("adt-engine", null), senders.admitMllp(ip("10.20.3.4"), null, "GENERAL"));
        assertTrue(senders.admitMllp(ip("10.20.3.4"), null, "NORTH-ED").admitted(), "a facility prefix (configured as ' NORTH-*')");
        assertTrue(senders.admitConnection(ip("10.20.3.4"), null).admitted());
        assertFalse(senders.admitConnection(ip("10.21.3.4"), null).admitted());
        assertTrue(senders.allows("adt-engine", "NORTH-ICU"));
        assertFalse(senders.allows("adt-engine", "SOUTH"));
        assertEquals("cart-gw", senders.admitMllp(ip("192.168.1.9"), CART, "GENERAL").sender(),
                "the certificate, from any address (RFC 2253 spacing does not matter)");
    }

    @Test
    void strangersAndForeignFacilitiesAreRefusedWithAReason() throws Exception {
        Senders senders = senders();
        Senders.Admission stranger = senders.admitMllp(ip("10.21.0.1"), null, "GENERAL");
        assertFalse(stranger.admitted());
        assertEquals("connection from 10.21.0.1 without a client certificate is not an allowed sender", stranger.refusal());
        Senders.Admission foreign = senders.admitMllp(ip("10.20.0.1"), null, "SOUTH");
        assertEquals("sender 'adt-engine' may not send for facility 'SOUTH' (MSH-4)", foreign.refusal());
        assertEquals("sender 'adt-engine' may not send for facility 'X?FORGED LOG LINE' (MSH-4)",
                senders.admitMllp(ip("10.20.0.1"), null, "X\nFORGED LOG LINE").refusal(), "no control characters reach a log line");
        assertFalse(senders.admitMllp(ip("10.20.0.1"), null, "").admitted(), "an empty MSH-4 matches no facility");
        assertFalse(senders.admitMllp(ip("192.168.1.9"), new X500Principal("CN=someone-else"), "GENERAL").admitted());
        assertFalse(senders.admitMllp(ip("127.0.0.1"), null, "GENERAL").admitted(), "an HTTP-only sender never owns a connection");
    }

    @Test
    void anUploaderIsKnownByTheNameItSignedInWith() {
        Senders senders = senders();
        assertTrue(senders.admitHttp("uploader", "ANY-HOSPITAL").admitted());
        assertFalse(senders.admitHttp("uploader", "").admitted());
        assertEquals("sender 'cart-gw' may not send for facility 'NORTH-ED'", senders.admitHttp("cart-gw", "NORTH-ED").refusal());
        assertEquals("sender 'nobody' has no facilities configured", senders.admitHttp("nobody", "GENERAL").refusal());
        assertFalse(new Senders(List.of()).admitHttp("uploader", "GENERAL").admitted(), "no senders configured: nobody is admitted");
    }

    @Test
    void addressRangesMatchByPrefixAndRefuseHostNames() throws Exception {
        assertTrue(AddressRange.parse("10.20.0.0/14").contains(ip("10.23.255.255")));
        assertFalse(AddressRange.parse("10.20.0.0/14").contains(ip("10.24.0.0")));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(ip("8.8.8.8")));
        assertFalse(AddressRange.parse("127.0.0.1").contains(ip("::1")), "IPv4 and IPv6 never match each other");
        assertTrue(AddressRange.parse("fd00::/8").contains(ip("fd12::1")));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("gateway.hospital.org"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Senders.of(Map.of("x",
                new Senders.SenderSettings(List.of(), List.of("10.0.0.1"), Optional.empty()))));
    }
}
