package dev.boltzmann.sampling;

/**
 * A geometric cooling schedule for simulated annealing: temperatures
 * {@code T_0, αT_0, α²T_0, …} while {@code T ≥ T_min}, with {@code sweepsPerTemperature} Gibbs sweeps at each.
 *
 * @param initialTemperature T_0, finite and &gt; 0
 * @param alpha the cooling factor α, in (0, 1)
 * @param minTemperature T_min, in (0, T_0]
 * @param sweepsPerTemperature Gibbs sweeps at each temperature, ≥ 1
 */
public record AnnealingSchedule(double initialTemperature, double alpha, double minTemperature,
                                int sweepsPerTemperature) {

    /** Checks every parameter; messages name the parameter and the value found. */
    public AnnealingSchedule {
        if (!(initialTemperature > 0.0) || Double.isInfinite(initialTemperature)) {
            throw new IllegalArgumentException("initialTemperature must be finite and > 0, got "
                + initialTemperature);
        }
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0,1), got " + alpha);
        }
        if (!(minTemperature > 0.0 && minTemperature <= initialTemperature)) {
            throw new IllegalArgumentException("minTemperature must be in (0, initialTemperature="
                + initialTemperature + "], got " + minTemperature);
        }
        if (sweepsPerTemperature < 1) {
            throw new IllegalArgumentException("sweepsPerTemperature must be >= 1, got " + sweepsPerTemperature);
        }
    }

    /**
     * A geometric schedule; same as the constructor.
     */
    public static AnnealingSchedule geometric(double initialTemperature, double alpha, double minTemperature,
                                              int sweepsPerTemperature) {
        return new AnnealingSchedule(initialTemperature, alpha, minTemperature, sweepsPerTemperature);
    }

    /**
     * The default schedule: T_0 = 10, α = 0.95, T_min = 0.05, 10 sweeps per temperature (104 temperatures,
     * 1040 sweeps). Suited to couplings of order 1 and a few dozen units; scale T_0 and T_min with the typical
     * field |z_i| of larger or differently scaled networks.
     */
    public static AnnealingSchedule defaults() {
        return new AnnealingSchedule(10.0, 0.95, 0.05, 10);
    }

    /** The number of temperatures visited: the count of k ≥ 0 with T_0 α^k ≥ T_min. */
    public int temperatureCount() {
        int count = 0;
        for (double t = initialTemperature; t >= minTemperature; t *= alpha) {
            count++;
        }
        return count;
    }

    /** The total number of Gibbs sweeps, {@code temperatureCount() * sweepsPerTemperature}. */
    public long totalSweeps() {
        return (long) temperatureCount() * sweepsPerTemperature;
    }
}
