package org.edtriage.ecg.wfdb;

/**
 * One signal line of a WFDB header.
 *
 * @param skew     as the header writes it, in samples of this signal
 * @param gain     ADC units per physical unit (WFDB's default 200 when the header leaves it out or writes 0);
 *                 negative for a signal recorded inverted
 * @param checksum 16-bit sum of all samples, or {@code null} when the header has none
 */
public record WfdbSignalSpec(String fileName, int format, int samplesPerFrame, int skew, long byteOffset,
                             double gain, int baseline, String units, int adcResolution, int adcZero,
                             Integer initialValue, Integer checksum, int blockSize, String description) {

    /** The skew in frames, rounded to the nearest frame: the C library deskews one frame at a time. */
    public int skewFrames() {
        return (int) ((skew + samplesPerFrame / 2L) / samplesPerFrame);
    }
}
