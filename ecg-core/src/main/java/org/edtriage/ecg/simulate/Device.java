package org.edtriage.ecg.simulate;

/**
 * An electrocardiograph: what differs between carts and vendors and drifts when a hospital buys new
 * ones — sampling rate, ADC gain, low-pass filter, mains frequency.
 *
 * @param gainPerMv ADC units per mV (1000 = 1 µV per unit; 200 = 5 µV, MIT-BIH style)
 */
public record Device(String model, double samplingRateHz, double gainPerMv, double lowPassHz, double mainsHz) {
    public static final Device CART_A = new Device("SimCart A (500 Hz, 150 Hz LP)", 500, 1000, 150, 50);
    public static final Device CART_B = new Device("SimCart B (1000 Hz, 100 Hz LP)", 1000, 400, 100, 50);
    public static final Device CART_C = new Device("SimCart C (250 Hz, 40 Hz monitoring filter)", 250, 200, 40, 60);
}
