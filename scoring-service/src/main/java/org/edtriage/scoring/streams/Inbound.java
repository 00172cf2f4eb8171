package org.edtriage.scoring.streams;

/** A record entering the scoring processor, still as bytes so that a poison record can be routed, not fatal. */
record Inbound(Kind kind, byte[] raw) {
    enum Kind { ECG, VISIT }
}
