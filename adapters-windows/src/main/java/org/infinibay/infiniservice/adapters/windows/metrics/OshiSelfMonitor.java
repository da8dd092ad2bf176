package org.infinibay.infiniservice.adapters.windows.metrics;

import java.lang.management.ManagementFactory;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.SelfSample;

/** The agent's own working set, CPU time and threads (self-protection), via OSHI on Windows. */
public final class OshiSelfMonitor implements SelfMonitor {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();

    @Override
    public SelfSample sample() {
        OSProcess me = os.getProcess(os.getProcessId());
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = Thread.activeCount();
        if (me == null) {
            return new SelfSample(0, "unavailable", 0, heap, threads);
        }
        return new SelfSample(me.getResidentMemory(), "working set", (me.getKernelTime() + me.getUserTime()) * 1_000_000L,
                heap, me.getThreadCount());
    }
}
