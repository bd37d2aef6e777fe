package dev.boltzmann.ml;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * Builders of validated params: each doc string states the allowed values and the default, and the validator
 * ({@link ParamValidators}) refuses a bad value when it is set, with Spark's message naming the param.
 */
final class StageParams {
    private StageParams() {
    }

    /** An int param of at least {@code min}. */
    static IntParam atLeast(Params parent, String name, String doc, int min, int dflt) {
        IntParam p = new IntParam(parent, name, doc + " (>= " + min + "; default " + dflt + ")",
            ParamValidators.gtEq(min));
        parent.setDefault(p, dflt);
        return p;
    }

    /** A double param in a range; {@code lowInclusive}/{@code highInclusive} say whether the bounds are allowed. */
    static DoubleParam inRange(Params parent, String name, String doc, double low, double high, boolean lowInclusive,
                               boolean highInclusive, double dflt) {
        String range = (lowInclusive ? "[" : "(") + low + ", " + (Double.isInfinite(high) ? "inf" : high)
            + (highInclusive ? "]" : ")");
        DoubleParam p = new DoubleParam(parent, name, doc + " (in " + range + "; default " + dflt + ")",
            ParamValidators.inRange(low, high, lowInclusive, highInclusive));
        parent.setDefault(p, dflt);
        return p;
    }

    /** A long param (any value). */
    static LongParam anyLong(Params parent, String name, String doc, long dflt) {
        LongParam p = new LongParam(parent, name, doc + " (default " + dflt + ")");
        parent.setDefault(p, dflt);
        return p;
    }

    /** A boolean param. */
    static BooleanParam flag(Params parent, String name, String doc, boolean dflt) {
        BooleanParam p = new BooleanParam(parent, name, doc + " (default " + dflt + ")");
        parent.setDefault(p, dflt);
        return p;
    }

    /** A string param with a fixed set of values. */
    static Param<String> oneOf(Params parent, String name, String doc, String dflt, String... allowed) {
        Param<String> p = new Param<>(parent, name, doc + " (" + String.join(" | ", allowed) + "; default " + dflt
            + ")", ParamValidators.inArray(List.of(allowed)));
        parent.setDefault(p, dflt);
        return p;
    }

    /** A column-name param (non-empty); {@code dflt} may be null for a column that is off unless set. */
    static Param<String> column(Params parent, String name, String doc, String dflt) {
        Param<String> p = new Param<>(parent, name, doc + (dflt == null ? " (not set by default)"
            : " (default '" + dflt + "')"), (scala.Function1<String, Object>) s -> s != null && !s.isEmpty());
        if (dflt != null) {
            parent.setDefault(p, dflt);
        }
        return p;
    }
}
