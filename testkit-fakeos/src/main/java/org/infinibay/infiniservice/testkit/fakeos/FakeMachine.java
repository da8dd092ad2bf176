package org.infinibay.infiniservice.testkit.fakeos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessStatus;

/**
 * The fake guest itself, in memory: its processes, services, packages, the files its scripts are
 * written to, the programs it ran and the audit lines it kept. Every fake port reads and changes this
 * one object, so a test sees what a command did.
 */
public final class FakeMachine {
    /** Process id to process; pid 1 is init. */
    final Map<Integer, ProcessMetric> processes = new ConcurrentHashMap<>();
    /** Service name to state ("Running", "Stopped"). */
    final Map<String, String> services = new ConcurrentHashMap<>();
    /** Installed package name to version. */
    final Map<String, String> packages = new ConcurrentHashMap<>();
    /** Script file path to content (the fake file system of {@link MemoryScriptFiles}). */
    final Map<String, String> files = new ConcurrentHashMap<>();
    /** State documents of {@link MemoryStateStore}. */
    final Map<String, byte[]> state = new ConcurrentHashMap<>();
    private final List<List<String>> ran = new CopyOnWriteArrayList<>();
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

    public FakeMachine() {
        add(1, 0, "init");
        add(42, 1, "fake-daemon");
        services.put("fake-daemon", "Running");
        packages.put("fake-tools", "1.0");
    }

    private void add(int pid, int ppid, String name) {
        processes.put(pid, new ProcessMetric(pid, ppid, name, "/fake/bin/" + name, name, 0.5, 2048, 0, 0,
                ProcessStatus.RUNNING, 1_700_000_000_000L, "root"));
    }

    void ran(List<String> argv) {
        ran.add(List.copyOf(argv));
    }

    void audited(AuditRecord r) {
        audit.add(r);
    }

    /** Every argv the fake launcher started, in order. */
    public List<List<String>> programsRun() {
        return new ArrayList<>(ran);
    }

    /** The audit trail's records. */
    public List<AuditRecord> auditRecords() {
        return new ArrayList<>(audit);
    }

    /** The services and their states, sorted by name. */
    public Map<String, String> services() {
        return new LinkedHashMap<>(new java.util.TreeMap<>(services));
    }
}
