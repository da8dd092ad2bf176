package org.infinibay.infiniservice.application.port.out;

/** Wall and monotonic time; tests inject fixed or skewed clocks. */
public interface AgentClock {
    /** Guest wall clock, epoch milliseconds. */
    long nowMillis();

    /** Monotonic nanoseconds for intervals and deadlines. */
    long monotonicNanos();

    AgentClock SYSTEM = new AgentClock() {
        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };
}
