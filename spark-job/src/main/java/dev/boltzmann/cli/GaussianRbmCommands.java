package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.GaussianRbmAis;
import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.evaluation.RbmAis;
import dev.boltzmann.evaluation.RbmExactLikelihood;
import dev.boltzmann.io.AtomicTextFile;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.GaussianRbmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternFiles;
import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.spark.PatternSource;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code evaluate}, {@code sample} and {@code complete} for gaussian RBMs ({@link GaussianRbmStore}). Their input
 * and output are CSV files of real values in the units of the training data: the model's column transform
 * ({@code data_mean}, {@code data_std}) is applied on the way in and undone on the way out. Output files have a
 * header line ({@code x1,…,xn}, with a leading {@code label} column when the input rows have labels).
 */
final class GaussianRbmCommands {
    private GaussianRbmCommands() {
    }

    /** Whether {@code dir} holds a gaussian RBM. */
    static boolean isGaussian(Configuration conf, String dir) throws IOException {
        return GaussianRbmStore.isGaussian(ModelStore.readMetadata(conf, dir, null));
    }

    /**
     * log Z of a gaussian RBM by {@code method}: exact (enumerating the hidden layer, at most 24 units), ais
     * (forward {@link GaussianRbmAis} with K = {@code aisBetas}, M = {@code aisRuns}), auto (exact when enumerable,
     * else ais); null for none.
     *
     * @throws IllegalArgumentException for exact on a hidden layer too large to enumerate
     */
    static RbmMeasures.LogZ logZ(GaussianRbm model, String method, int aisBetas, int aisRuns, long seed) {
        boolean enumerable = GaussianRbmExact.enumerable(model.numHidden());
        if (method.equals("none")) {
            return null;
        }
        if (method.equals("exact") && !enumerable) {
            throw new IllegalArgumentException("the model has " + model.numHidden() + " hidden units; exact log Z"
                + " enumerates at most " + RbmExactLikelihood.MAX_ENUMERATED_UNITS + "; use ais");
        }
        if (method.equals("exact") || (method.equals("auto") && enumerable)) {
            double z = GaussianRbmExact.logPartition(model);
            return new RbmMeasures.LogZ(z, "exact", z, z);
        }
        RbmAis.Result r = GaussianRbmAis.estimate(model, new RbmAis.Options(aisBetas, aisRuns, seed));
        return new RbmMeasures.LogZ(r.logZ(), "ais", r.logZLow(), r.logZHigh());
    }

    /**
     * Fills {@code result} with rows, meanFreeEnergy (model units) and, unless {@code method} is none, log Z by
     * {@link #logZ} and the mean log-likelihood (nats per pattern, in data units), with AIS its ±3-standard-error
     * bounds (logZLow/High, logLikelihoodLow/High) as for binary RBMs.
     */
    static void evaluate(Configuration conf, String dir, String input, String method, int aisBetas, int aisRuns,
                         long seed, ObjectNode result) throws IOException {
        GaussianRbmStore.Loaded loaded = GaussianRbmStore.read(conf, dir);
        GaussianRbm model = loaded.model();
        List<LabeledPattern> ps = PatternFiles.readRealCsv(conf, input, model.numVisible());
        for (LabeledPattern p : ps) {
            if (p.hasUnknown()) {
                throw BadInputException.at(input, p.line(), "evaluate needs complete rows ('?' found)");
            }
        }
        int rows = ps.size();
        double[] x = PatternSource.flatten(ps, model.numVisible());
        loaded.toModel(x);
        result.put("rows", rows);
        result.put("visibleUnits", GaussianRbmStore.GAUSSIAN);
        double[] f = model.freeEnergy(x, rows);
        double sum = 0.0;
        for (double v : f) {
            sum += v;
        }
        result.put("meanFreeEnergy", sum / rows);
        RbmMeasures.LogZ logZ;
        try {
            logZ = logZ(model, method, aisBetas, aisRuns, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("evaluate: --method " + method + ": " + e.getMessage());
        }
        RbmMeasures.putLogZ(result, logZ);
        // the free energy in data units adds the standardisation's Jacobian Σ log std_i
        RbmMeasures.putLogLikelihood(result, "", logZ, sum / rows + loaded.logJacobian());
    }

    /**
     * Writes {@code count} samples: sample i runs {@code sweeps} block-Gibbs sweeps ({@code v ~ p(v|h)},
     * {@code h ~ p(h|v)}) from uniform random hidden units, on the stream {@code (seed, purpose, i)}, and writes
     * the last v.
     */
    static void sample(Configuration conf, String dir, int count, int sweeps, long seed, long purpose, String output,
                       boolean overwrite) throws IOException {
        GaussianRbmStore.Loaded loaded = GaussianRbmStore.read(conf, dir);
        GaussianRbm model = loaded.model();
        try (AtomicTextFile file = AtomicTextFile.create(conf, output, overwrite)) {
            file.line(header(model.numVisible(), false));
            for (int s = 0; s < count; s++) {
                SplittableRandom rng = UsableModel.stream(seed, purpose, s);
                double[] h = new double[model.numHidden()];
                for (int j = 0; j < h.length; j++) {
                    h[j] = rng.nextBoolean() ? 1.0 : 0.0;
                }
                double[] v = model.sampleVisible(h, 1, rng);
                for (int t = 1; t < sweeps; t++) {
                    h = model.sampleHidden(v, 1, rng);
                    v = model.sampleVisible(h, 1, rng);
                }
                loaded.toData(v);
                file.line(csv(null, v));
            }
            file.commit();
        }
    }

    /**
     * Completes every row of {@code input}: the known values are clamped, the unknown ones ({@code ?}) start at
     * the model's visible means; each of {@code sweeps} Gibbs sweeps samples h ~ p(h|v), then the unknown units
     * from p(v|h); the output value of an unknown unit is the mean of its conditional means E[v_i|h] over the last
     * {@code keep} sweeps (an estimate of E[v_unknown | v_known]). Row p uses the stream {@code (seed, purpose, p)}.
     *
     * @return {filled units, rows}
     */
    static long[] complete(Configuration conf, String dir, String input, String output, int sweeps, int keep,
                           long seed, long purpose, boolean overwrite) throws IOException {
        GaussianRbmStore.Loaded loaded = GaussianRbmStore.read(conf, dir);
        GaussianRbm model = loaded.model();
        int nv = model.numVisible();
        List<LabeledPattern> ps = PatternFiles.readRealCsv(conf, input, nv);
        boolean labelled = ps.stream().anyMatch(LabeledPattern::hasLabel);
        double[] start = model.visibleMean();
        long filled = 0;
        try (AtomicTextFile file = AtomicTextFile.create(conf, output, overwrite)) {
            file.line(header(nv, labelled));
            for (int p = 0; p < ps.size(); p++) {
                SplittableRandom rng = UsableModel.stream(seed, purpose, p);
                double[] v = ps.get(p).values().clone();
                loaded.toModel(v);
                boolean[] unknown = new boolean[nv];
                for (int i = 0; i < nv; i++) {
                    unknown[i] = Double.isNaN(v[i]);
                    if (unknown[i]) {
                        v[i] = start[i];
                        filled++;
                    }
                }
                double[] sum = new double[nv];
                for (int t = 0; t < sweeps; t++) {
                    double[] h = model.sampleHidden(v, 1, rng);
                    double[] mean = model.visibleMeans(h, 1);
                    double[] draw = model.sampleVisible(h, 1, rng);
                    for (int i = 0; i < nv; i++) {
                        if (unknown[i]) {
                            v[i] = draw[i];
                            if (t >= sweeps - keep) {
                                sum[i] += mean[i];
                            }
                        }
                    }
                }
                for (int i = 0; i < nv; i++) {
                    if (unknown[i]) {
                        v[i] = sum[i] / keep;
                    }
                }
                loaded.toData(v);
                double[] given = ps.get(p).values();
                for (int i = 0; i < nv; i++) {
                    if (!unknown[i]) {
                        v[i] = given[i]; // known values are written exactly as read
                    }
                }
                file.line(csv(labelled ? String.valueOf(ps.get(p).label()) : null, v));
            }
            file.commit();
        }
        return new long[] {filled, ps.size()};
    }

    private static String header(int nv, boolean labelled) {
        StringBuilder sb = new StringBuilder(labelled ? "label" : "");
        for (int i = 1; i <= nv; i++) {
            sb.append(sb.length() == 0 ? "" : ",").append('x').append(i);
        }
        return sb.toString();
    }

    private static String csv(String label, double[] v) {
        StringBuilder sb = new StringBuilder(label == null ? "" : label + ",");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }
}
