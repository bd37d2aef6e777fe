package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.RbmAis;
import dev.boltzmann.evaluation.RbmExactLikelihood;
import dev.boltzmann.evaluation.RbmMonitors;
import dev.boltzmann.evaluation.RbmReverseAis;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.Rbm;

/**
 * The RBM measurements that {@code train} writes per epoch and {@code evaluate} prints: log-likelihood (exact by
 * enumeration over the smaller layer when it has at most 24 units, else AIS with its spread), pseudo-log-
 * likelihood (exact, over all units) and reconstruction error (mean-field). With AIS, reverse AIS
 * ({@link RbmReverseAis}) gives the other side: forward AIS underestimates log Z in expectation (an optimistic
 * log-likelihood, {@code logLikelihood}), reverse AIS overestimates it (a conservative one,
 * {@code logLikelihoodReverse}).
 */
final class RbmMeasures {
    private RbmMeasures() {
    }

    /**
     * How the log partition function was obtained.
     *
     * @param value exact, or forward AIS's estimate (low in expectation: its log-likelihood is optimistic)
     * @param low forward AIS's value minus 3 standard errors in log space (the value itself when exact)
     * @param high forward AIS's value plus 3 standard errors
     * @param reverse reverse AIS's estimate (high in expectation: its log-likelihood is conservative), NaN if
     *     not run
     * @param reverseLow reverse AIS's lower end (−3 standard errors)
     * @param reverseHigh reverse AIS's upper end (+3 standard errors, +∞ when unbounded)
     */
    record LogZ(double value, String method, double low, double high, double reverse, double reverseLow,
                double reverseHigh) {
        /** Without reverse AIS. */
        LogZ(double value, String method, double low, double high) {
            this(value, method, low, high, Double.NaN, Double.NaN, Double.NaN);
        }

        /** Whether reverse AIS was run. */
        boolean hasReverse() {
            return !Double.isNaN(reverse);
        }
    }

    /**
     * log Z by the method asked for ("auto", "exact", "ais"); null for "none".
     *
     * @param baseBias visible biases of AIS's base-rate model (from the data's means), or null for a uniform base
     */
    static LogZ logZ(Rbm rbm, String method, double[] baseBias, int aisBetas, int aisRuns, long seed) {
        return logZ(rbm, method, baseBias, aisBetas, aisRuns, seed, 0, null);
    }

    /**
     * log Z as {@link #logZ(Rbm, String, double[], int, int, long)}, and where AIS runs, reverse AIS too (same
     * schedule, runs and base model) from the β = 1 replicas of {@code aisRuns} parallel-tempering chains after
     * {@code reverseSweeps} updates on {@code ladder}; {@code reverseSweeps = 0} runs forward AIS only.
     */
    static LogZ logZ(Rbm rbm, String method, double[] baseBias, int aisBetas, int aisRuns, long seed,
                     int reverseSweeps, TemperingOptions ladder) {
        LogZ z = forwardLogZ(rbm, method, baseBias, aisBetas, aisRuns, seed);
        if (z == null || !z.method().equals("ais") || reverseSweeps == 0) {
            return z;
        }
        RbmAis.Result r = RbmReverseAis.estimate(rbm, baseBias, new RbmAis.Options(aisBetas, aisRuns, seed), ladder,
            reverseSweeps);
        return new LogZ(z.value(), z.method(), z.low(), z.high(), r.logZ(), r.logZLow(), r.logZHigh());
    }

    private static LogZ forwardLogZ(Rbm rbm, String method, double[] baseBias, int aisBetas, int aisRuns,
                                    long seed) {
        int smaller = Math.min(rbm.numVisible(), rbm.numHidden());
        boolean exactPossible = smaller <= RbmExactLikelihood.MAX_ENUMERATED_UNITS;
        switch (method) {
            case "none":
                return null;
            case "exact":
                if (!exactPossible) {
                    throw new IllegalArgumentException("exact log-likelihood needs a layer of at most "
                        + RbmExactLikelihood.MAX_ENUMERATED_UNITS + " units, the smaller has " + smaller
                        + "; use ais");
                }
                return exact(rbm);
            case "ais":
                return ais(rbm, baseBias, aisBetas, aisRuns, seed);
            default:
                return exactPossible ? exact(rbm) : ais(rbm, baseBias, aisBetas, aisRuns, seed);
        }
    }

    private static LogZ exact(Rbm rbm) {
        double z = RbmExactLikelihood.logPartition(rbm);
        return new LogZ(z, "exact", z, z);
    }

    private static LogZ ais(Rbm rbm, double[] baseBias, int betas, int runs, long seed) {
        RbmAis.Result r = RbmAis.estimate(rbm, baseBias, new RbmAis.Options(betas, runs, seed));
        return new LogZ(r.logZ(), "ais", r.logZLow(), r.logZHigh());
    }

    /**
     * Adds the measurements of {@code rbm} on {@code data} to {@code out}, with field names prefixed by
     * {@code prefix} ("" for the training data, "heldOut" for held-out data: heldOutLogLikelihood, ...).
     */
    static void put(ObjectNode out, String prefix, Rbm rbm, double[] data, int rows, LogZ logZ) {
        put(out, prefix, logZ, RbmMonitors.meanFreeEnergy(rbm, data, rows),
            RbmMonitors.pseudoLogLikelihood(rbm, data, rows), RbmMonitors.reconstructionError(rbm, data, rows));
    }

    /**
     * Adds measurements given the data's mean free energy, pseudo-log-likelihood and reconstruction error (as
     * computed where the data lives).
     */
    static void put(ObjectNode out, String prefix, LogZ logZ, double meanFreeEnergy, double pseudoLogLikelihood,
                    double reconstructionError) {
        putLogLikelihood(out, prefix, logZ, meanFreeEnergy);
        out.put(name(prefix, "pseudoLogLikelihood"), pseudoLogLikelihood);
        out.put(name(prefix, "reconstructionError"), reconstructionError);
        out.put(name(prefix, "meanFreeEnergy"), meanFreeEnergy);
    }

    /**
     * Adds {@code logLikelihood = −meanFreeEnergy − log Z} (prefixed) and, with AIS, its bounds
     * ({@code logLikelihoodLow/High}, and reverse AIS's); nothing when {@code logZ} is null.
     */
    static void putLogLikelihood(ObjectNode out, String prefix, LogZ logZ, double meanFreeEnergy) {
        if (logZ != null) {
            double ll = -meanFreeEnergy - logZ.value();
            out.put(name(prefix, "logLikelihood"), ll);
            if (logZ.method().equals("ais")) {
                // a larger log Z means a lower likelihood: the bounds swap
                putFinite(out, name(prefix, "logLikelihoodLow"), ll - (logZ.high() - logZ.value()));
                putFinite(out, name(prefix, "logLikelihoodHigh"), ll + (logZ.value() - logZ.low()));
            }
            if (logZ.hasReverse()) {
                // reverse AIS: the conservative side of the log-likelihood
                out.put(name(prefix, "logLikelihoodReverse"), -meanFreeEnergy - logZ.reverse());
                putFinite(out, name(prefix, "logLikelihoodReverseLow"), -meanFreeEnergy - logZ.reverseHigh());
                putFinite(out, name(prefix, "logLikelihoodReverseHigh"), -meanFreeEnergy - logZ.reverseLow());
            }
        }
    }

    /** Adds how log Z was measured. */
    static void putLogZ(ObjectNode out, LogZ logZ) {
        if (logZ != null) {
            out.put("logLikelihoodMethod", logZ.method());
            out.put("logZ", logZ.value());
            if (logZ.method().equals("ais")) {
                putFinite(out, "logZLow", logZ.low());
                putFinite(out, "logZHigh", logZ.high());
            }
            if (logZ.hasReverse()) {
                out.put("logZReverse", logZ.reverse());
                putFinite(out, "logZReverseLow", logZ.reverseLow());
                putFinite(out, "logZReverseHigh", logZ.reverseHigh());
            }
        }
    }

    /** A number, or JSON null where the bound is unbounded (the ±3 standard errors reach below zero weight). */
    private static void putFinite(ObjectNode out, String field, double value) {
        if (Double.isFinite(value)) {
            out.put(field, value);
        } else {
            out.putNull(field);
        }
    }

    private static String name(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }
}
