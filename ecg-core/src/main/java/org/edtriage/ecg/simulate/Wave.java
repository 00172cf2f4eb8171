package org.edtriage.ecg.simulate;

/**
 * One Gaussian event of the dipole, on all three axes at once: {@code amplitude · exp(−(t−c)²/2σ²)}.
 * This is the closed-form solution of the ECGSYN dynamical model (McSharry et al. 2003) extended to a
 * 3-D dipole (Sameni et al. 2007): their ODE integrates exactly to a sum of such Gaussians per axis.
 * We place events in seconds from the R peak instead of phase angles, so PR, QRS and QT can be set in
 * milliseconds and QT can follow the RR interval (Bazett).
 *
 * @param centre seconds relative to the beat's R peak
 * @param sigma  seconds
 */
public record Wave(String name, Vec3 amplitude, double centre, double sigma) {
}
