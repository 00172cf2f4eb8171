package org.edtriage.deploy.feed;

/** The sending facility (HL7 MSH-4, an upload's facility) of ECGs fed from a folder, which name no hospital of their own. */
public final class DemoFacility {
    public static final String NAME = "DEMO-HOSPITAL";

    private DemoFacility() {
    }
}
