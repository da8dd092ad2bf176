package org.infinibay.infiniservice.application.service.selfcheck;

import java.time.Duration;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.SelfSample;

/**
 * The platform-neutral fallback: what the JVM knows about itself without extra modules. Its "RSS"
 * is the committed heap, which undercounts the real resident set (code, metaspace, thread stacks),
 * so an OS adapter should be preferred wherever one exists.
 */
public final class JvmSelfMonitor implements SelfMonitor {

    @Override
    public SelfSample sample() {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long committed = rt.totalMemory(); // a lower bound: no code cache, metaspace or thread stacks
        Optional<Duration> total = ProcessHandle.current().info().totalCpuDuration();
        long cpu = total.isPresent() ? total.get().toNanos() : -1L; // no Optional.map lambda per tick
        return new SelfSample(committed, "jvm-committed", cpu, heapUsed, Thread.activeCount());
    }
}
