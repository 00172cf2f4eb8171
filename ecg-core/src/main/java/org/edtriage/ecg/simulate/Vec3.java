package org.edtriage.ecg.simulate;

/**
 * A vector in the Frank lead space (mV): x right→left, y head→feet, z front→back. The cardiac dipole
 * and every wave's direction live here; leads are its projections.
 */
public record Vec3(double x, double y, double z) {
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 times(double k) {
        return new Vec3(x * k, y * k, z * k);
    }

    public double norm() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    public Vec3 unit() {
        double n = norm();
        return n == 0 ? ZERO : times(1 / n);
    }

    /** Rotates in the frontal (x–y) plane by {@code degrees} (positive = towards +y, i.e. rightward axis shift). */
    public Vec3 rotateFrontal(double degrees) {
        double a = Math.toRadians(degrees);
        return new Vec3(x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a), z);
    }

    /** Rotates in the horizontal (x–z) plane by {@code degrees} (positive = towards +z, posterior). */
    public Vec3 rotateHorizontal(double degrees) {
        double a = Math.toRadians(degrees);
        return new Vec3(x * Math.cos(a) - z * Math.sin(a), y, x * Math.sin(a) + z * Math.cos(a));
    }

    /** A unit vector in the frontal plane at the given hexaxial angle (0° = lead I, +90° = aVF). */
    public static Vec3 frontal(double degrees) {
        double a = Math.toRadians(degrees);
        return new Vec3(Math.cos(a), Math.sin(a), 0);
    }
}
