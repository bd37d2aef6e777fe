package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RBM feature stage: transform, params, schema checks and persistence. */
class RbmStageTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    static double[][] randomRows(int rows, int width, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[rows][width];
        for (double[] r : out) {
            for (int i = 0; i < width; i++) {
                r[i] = rng.nextInt(3) / 2.0;
            }
        }
        return out;
    }

    @Test
    void transformGivesTheHiddenProbabilitiesOfTheFormula() {
        Rbm rbm = Rbm.random(6, 4, 0.5, null, 11);
        double[][] rows = randomRows(9, 6, 1);
        double[][] got = MlData.column(new RbmModel(rbm).setOutputCol("h").transform(MlData.vectors(rows)), "h");
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < 4; j++) {
                double z = rbm.hiddenBias()[j];
                for (int i = 0; i < 6; i++) {
                    z += rows[r][i] * rbm.weight(i, j);
                }
                assertEquals(1 / (1 + Math.exp(-z)), got[r][j], 1e-12, "row " + r + " unit " + j);
            }
        }
    }

    @Test
    void aSavedModelIsAModelDirectoryAndLoadsWithItsParams() throws Exception {
        Rbm rbm = Rbm.random(5, 3, 0.3, new double[] {0.1, -0.2, 0.3, 0, 1}, 4);
        RbmModel model = new RbmModel(rbm).setInputCol("x").setOutputCol("y");
        Path dir = tmp.resolve("m");
        model.save(dir.toString());
        for (String f : List.of("metadata.json", "W.npy", "visible_bias.npy", "hidden_bias.npy",
            "metadata/part-00000")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertEquals(rbm, RbmStore.read(new Configuration(), dir.toString()).rbm());
        RbmModel loaded = RbmModel.load(dir.toString());
        assertEquals(model.uid(), loaded.uid());
        assertEquals("x", loaded.getInputCol());
        assertEquals("y", loaded.getOutputCol());
        assertEquals(rbm, loaded.rbm());
        assertThrows(java.io.IOException.class, () -> model.save(dir.toString()), "an existing path needs overwrite");
        model.write().overwrite().save(dir.toString());
        assertEquals(rbm, RbmModel.load(dir.toString()).rbm());
    }

    @Test
    void anEstimatorSavesItsParamsAlone() throws Exception {
        RbmEstimator est = new RbmEstimator().setNumHidden(7).setLearningRate(0.3).setRule("pcd").setSeed(99)
            .setOutputCol("f");
        Path dir = tmp.resolve("est");
        est.save(dir.toString());
        RbmEstimator back = RbmEstimator.load(dir.toString());
        assertEquals(est.uid(), back.uid());
        assertEquals(7, back.getNumHidden());
        assertEquals(0.3, back.getLearningRate());
        assertEquals("pcd", back.getOrDefault(back.rule()));
        assertEquals(99L, back.getSeed());
        assertEquals("f", back.getOutputCol());
        assertEquals(10, back.getEpochs(), "a default stays the default");
        assertFalse(back.isSet(back.epochs()));
        Exception notModel = assertThrows(RuntimeException.class, () -> RbmModel.load(dir.toString()));
        assertTrue(notModel.getMessage().contains("metadata.json"), notModel.getMessage());
        Exception e = assertThrows(RuntimeException.class, () -> HopfieldEstimator.load(dir.toString()));
        assertTrue(e.getMessage().contains("RbmEstimator"), e.getMessage());
    }

    @Test
    void aPipelineOfOurStagesSavesAndLoadsBeforeAndAfterFitting() throws Exception {
        Dataset<Row> data = MlData.vectors(randomRows(40, 8, 2));
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new RbmEstimator().setOutputCol("h").setNumHidden(3).setEpochs(2).setBatchSize(8)});
        pipeline.write().save(tmp.resolve("p").toString());
        Pipeline p2 = Pipeline.load(tmp.resolve("p").toString());
        assertEquals(3, ((RbmEstimator) p2.getStages()[0]).getNumHidden());
        PipelineModel fitted = p2.fit(data);
        fitted.write().save(tmp.resolve("pm").toString());
        PipelineModel back = PipelineModel.load(tmp.resolve("pm").toString());
        double[][] a = MlData.column(fitted.transform(data), "h");
        double[][] b = MlData.column(back.transform(data), "h");
        assertArrayEquals(a, b);
    }

    @Test
    void fittingIsSeededAndUsesTheParams() {
        Dataset<Row> data = MlData.vectors(randomRows(30, 6, 3));
        RbmEstimator est = new RbmEstimator().setNumHidden(4).setEpochs(3).setBatchSize(7).setSeed(5);
        Rbm a = est.fit(data).rbm();
        Rbm b = est.fit(data).rbm();
        assertEquals(a, b, "same data, params and seed: same model");
        assertEquals(4, a.numHidden());
        assertEquals(6, a.numVisible());
        assertNotEquals(a, est.copy(new org.apache.spark.ml.param.ParamMap().put(est.seed(), 6L)).fit(data).rbm());
        RbmModel m = est.fit(data);
        assertEquals(est.uid(), m.uid());
        assertEquals(est, m.parent());
    }

    @Test
    void wrongColumnsAreRefusedByTransformSchema() {
        Dataset<Row> text = TestSpark.session().createDataFrame(List.of(RowFactory.create("a")),
            DataTypes.createStructType(List.of(DataTypes.createStructField("features", DataTypes.StringType, false))));
        RbmModel m = new RbmModel(Rbm.random(3, 2, 0.1, null, 1));
        Exception e = assertThrows(IllegalArgumentException.class, () -> m.transformSchema(text.schema()));
        assertTrue(e.getMessage().contains("inputCol 'features' must be a vector column") && e.getMessage()
            .contains("string"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RbmEstimator().fit(text));
        assertTrue(e.getMessage().contains("must be a vector column"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.setInputCol("nope").transformSchema(text.schema()));
        assertTrue(e.getMessage().contains("'nope' is not a column"), e.getMessage());
        Dataset<Row> v = MlData.vectors(new double[][] {{1, 0, 1}});
        e = assertThrows(IllegalArgumentException.class,
            () -> m.setInputCol("features").setOutputCol("label").transformSchema(v.schema()));
        assertTrue(e.getMessage().contains("outputCol 'label' exists already"), e.getMessage());
    }

    @Test
    void badParamValuesAreRefusedWhenSet() {
        RbmEstimator est = new RbmEstimator();
        for (Runnable bad : List.<Runnable>of(() -> est.setNumHidden(0), () -> est.setLearningRate(0.0),
            () -> est.setLearningRate(-1), () -> est.setMomentum(1.0), () -> est.setRule("gibbs"),
            () -> est.setBatchSize(0), () -> est.setCdSteps(0), () -> est.setEpochs(-1), () -> est.setInputCol(""))) {
            Exception e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().contains("given invalid value"), e.getMessage());
        }
        assertEquals(64, est.getNumHidden(), "nothing bad was set");
        assertTrue(est.explainParams().contains("numHidden: number of hidden units (>= 1; default 64)"),
            est.explainParams());
    }

    @Test
    void aModelWithLabelUnitsIsNotAFeatureTransformer() throws Exception {
        LabelRbm m = LabelRbm.random(4, 3, 2, 0.1, null, null, 1);
        Path dir = tmp.resolve("lab");
        LabelRbmClassificationModel.of(m).save(dir.toString());
        Exception e = assertThrows(RuntimeException.class, () -> RbmModel.load(dir.toString()));
        assertTrue(e.getMessage().contains("label units"), e.getMessage());
    }
}
