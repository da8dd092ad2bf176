package org.infinibay.infiniservice.adapters.windows.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;

/**
 * Processes through OSHI ({@code NtQuerySystemInformation}; no WMI per sample). CPU percent is the
 * delta of kernel+user time over the wall time since this source's previous sample, per logical
 * CPU (top-style, may exceed 100), never a single reading (pitfall P11).
 */
public final class OshiProcessSource implements ProcessSource {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();
    private Map<Integer, OSProcess> previous = new HashMap<>();

    @Override
    public synchronized List<ProcessMetric> sample() {
        List<OSProcess> now = os.getProcesses();
        Map<Integer, OSProcess> next = new HashMap<>();
        List<ProcessMetric> out = new ArrayList<>(now.size());
        for (OSProcess p : now) {
            if (p.getProcessID() == 0) {
                continue; // the System Idle Process is not a process
            }
            next.put(p.getProcessID(), p);
            OSProcess prior = previous.get(p.getProcessID());
            double cpu = prior == null ? 0 : cpuPercent(prior, p);
            String name = p.getName() == null || p.getName().isBlank() ? "pid " + p.getProcessID() : p.getName();
            String cmd = p.getCommandLine();
            if (cmd != null && cmd.length() > 4096) {
                cmd = cmd.substring(0, 4096);
            }
            out.add(new ProcessMetric(p.getProcessID(), p.getParentProcessID(), name, blankToNull(p.getPath()),
                    blankToNull(cmd), cpu, p.getResidentMemory() / 1024, p.getBytesRead(), p.getBytesWritten(),
                    WindowsMetricRules.status(p.getState().name()), p.getStartTime() > 0 ? p.getStartTime() : null,
                    blankToNull(p.getUser())));
        }
        previous = next;
        return out;
    }

    /** Kernel+user ms delta over the up-time delta, as a percentage of one CPU. */
    static double cpuPercent(OSProcess prior, OSProcess now) {
        long busy = (now.getKernelTime() + now.getUserTime()) - (prior.getKernelTime() + prior.getUserTime());
        long wall = now.getUpTime() - prior.getUpTime();
        if (wall <= 0 || busy < 0 || now.getStartTime() != prior.getStartTime()) {
            return 0; // pid reused by a new process, or no time elapsed
        }
        return WindowsMetricRules.percent((double) busy / wall);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
