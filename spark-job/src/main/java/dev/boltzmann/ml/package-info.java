/**
 * Spark MLlib stages: {@code Estimator}/{@code Model} pairs with {@code Params} and persistence for the RBM
 * (features = hidden probabilities), the label RBM (a probabilistic classifier), the Hopfield network and the
 * Boltzmann machine (completion of vector columns). A fitted stage saves the one model directory of the project
 * ({@code metadata.json} and {@code .npy} arrays, through the Hadoop FileSystem API), plus the {@code metadata/}
 * file Spark's pipeline machinery reads, so a model trained by the CLI loads as a stage and a stage's model is
 * used by the CLI.
 */
package dev.boltzmann.ml;
