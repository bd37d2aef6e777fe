package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.GaussianRbmStore;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The checks of {@code train --init-model DIR} that the jobs share ({@link TrainJob#startFrom}): the sizes of the
 * model to start from must be the config's (they are never taken from the model, so the config in the new
 * {@code metadata.json} describes the model it sits beside). Every refusal names the directory, what the model has
 * and the config key that differs.
 */
final class WarmStart {
    private WarmStart() {
    }

    /** "DIR: the model to start from has MODEL, the config has KEY = VALUE". */
    static BadInputException mismatch(String dir, String model, String key, Object value) {
        return new BadInputException(dir + ": the model to start from has " + model + ", the config has " + key + " = "
            + value);
    }

    /** Refuses when the model's {@code count} of {@code units} differs from the config's value of {@code key}. */
    static void same(String dir, int modelCount, String units, String key, int configCount) {
        if (modelCount != configCount) {
            throw mismatch(dir, modelCount + " " + units, key, configCount);
        }
    }

    /**
     * The metadata of an RBM model directory, after checking its visible units' type ({@code model.visibleUnits}),
     * label units ({@code model.labels}) and hidden units ({@code model.hidden}) against the config.
     */
    static ObjectNode rbm(Configuration conf, String dir, JobConfig c) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, RbmStore.KIND);
        String units = GaussianRbmStore.isGaussian(meta) ? GaussianRbmStore.GAUSSIAN : "binary";
        if (!units.equals(c.get("model.visibleUnits"))) {
            throw mismatch(dir, units + " visible units", "model.visibleUnits", c.get("model.visibleUnits"));
        }
        same(dir, meta.path("labels").asInt(0), "label units", "model.labels", c.getInt("model.labels"));
        same(dir, meta.path("hidden").asInt(0), "hidden units", "model.hidden", c.getInt("model.hidden"));
        return meta;
    }
}
