package org.infinibay.infiniservice.bootstrap.hostsim;

/**
 * Per-line fault probabilities of a {@link FaultInjectingLink}. Host → agent: {@code drop},
 * {@code truncate} (a prefix of the line, then {@code \n}), {@code garble} (one byte replaced),
 * {@code delay} (up to {@code maxDelayMillis}), {@code split} (the line in many tiny writes); they
 * are tried in that order and their sum must not exceed 1. Agent → host: {@code agentFragment} is
 * the chance that a chunk of the agent's output reaches the host in small pieces.
 */
public record FaultPlan(double drop, double truncate, double garble, double delay, double split, int maxDelayMillis,
                        double agentFragment) {
    /** A clean link. */
    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, 0, 0, 1, 0);

    /** A bad link: about a third of the host's lines are damaged, the rest delayed, split or coalesced. */
    public static final FaultPlan LOSSY = new FaultPlan(0.10, 0.10, 0.10, 0.15, 0.25, 150, 0.3);

    /** Only harmless faults: nothing is destroyed, lines are delayed, split, coalesced or fragmented. */
    public static final FaultPlan SLOW = new FaultPlan(0, 0, 0, 0.2, 0.4, 100, 0.5);

    public FaultPlan {
        double sum = drop + truncate + garble + delay + split;
        if (drop < 0 || truncate < 0 || garble < 0 || delay < 0 || split < 0 || sum > 1.0 || maxDelayMillis < 1
                || agentFragment < 0 || agentFragment > 1) {
            throw new IllegalArgumentException("invalid fault plan " + this);
        }
    }
}
