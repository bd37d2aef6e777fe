package dev.boltzmann.sampling;

/** The order in which an asynchronous sweep visits the units. */
public enum UpdateOrder {
    /** Units 0, 1, …, n-1 in that order every sweep; needs no random generator. */
    FIXED,
    /** A fresh uniformly random permutation of the units every sweep, drawn from the caller's generator. */
    RANDOM
}
