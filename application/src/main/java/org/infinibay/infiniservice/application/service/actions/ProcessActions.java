package org.infinibay.infiniservice.application.service.actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * ProcessList, ProcessTop and ProcessKill (CONTRACT §8.5.3). {@code data} is never null, even on
 * failure, because the host parses {@code stdout} as JSON otherwise.
 */
public final class ProcessActions implements SafeActionExecutor {
    static final int LIST_CAP = 1000;
    static final int TOP_DEFAULT = 10;
    /** A fresh interval of at least this long, so CPU values are never a single reading (P11). */
    static final Duration CPU_INTERVAL = Duration.ofMillis(500);
    private static final Set<String> SORT_KEYS = Set.of("cpu", "memory", "mem");

    private final ProcessSource processes;
    private final ProcessControl control;

    /** Which processes are protected is {@code control}'s ({@link ProcessControl#isProtected}). */
    public ProcessActions(ProcessSource processes, ProcessControl control) {
        this.processes = processes;
        this.control = control;
    }

    @Override
    public Set<String> actions() {
        return Set.of("ProcessList", "ProcessTop", "ProcessKill");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        if (request.action().equals("ProcessKill")) {
            return kill(request.parameters(), request.deadline());
        }
        boolean top = request.action().equals("ProcessTop");
        try {
            OptionalLong limitParam = Params.integer(request.parameters(), "limit");
            long limit = limitParam.orElse(top ? TOP_DEFAULT : LIST_CAP);
            if (limit <= 0) {
                throw new InvalidParameterException("limit", "must be positive");
            }
            String sortBy = top ? Params.choice(request.parameters(), "sort_by", SORT_KEYS).orElse("cpu") : "cpu";
            List<ProcessMetric> sample = freshSample(request.deadline());
            Comparator<ProcessMetric> order = sortBy.equals("cpu")
                    ? Comparator.comparingDouble(ProcessMetric::cpuPercent).reversed()
                            .thenComparing(Comparator.comparingLong(ProcessMetric::memoryKb).reversed())
                    : Comparator.comparingLong(ProcessMetric::memoryKb).reversed()
                            .thenComparing(Comparator.comparingDouble(ProcessMetric::cpuPercent).reversed());
            List<ProcessMetric> sorted = new ArrayList<>(sample);
            sorted.sort(order);
            int n = (int) Math.min(Math.min(limit, LIST_CAP), sorted.size());
            return ActionResult.ok(JsonArray.of(sorted.subList(0, n), ProcessActions::toJson));
        } catch (InvalidParameterException e) {
            return e.toResult().withData(JsonArray.EMPTY);
        } catch (RuntimeException e) {
            // A broken /proc read must still answer with a non-null data (§8.5.3).
            return ActionResult.failure(ExitCodes.FAILED, "process list failed: " + e.getMessage(), JsonArray.EMPTY);
        }
    }

    private List<ProcessMetric> freshSample(Deadline deadline) throws InterruptedException {
        List<ProcessMetric> first = processes.sample();
        if (deadline.remainingNanos(System.nanoTime()) < CPU_INTERVAL.toNanos() * 3) {
            return first; // the previous interval is real too; no time for a fresh one
        }
        Thread.sleep(CPU_INTERVAL.toMillis());
        return processes.sample();
    }

    private ActionResult kill(ActionParameters p, Deadline deadline) throws InterruptedException {
        boolean force;
        long pid;
        try {
            force = Params.bool(p, "force", false);
            OptionalLong pidParam = Params.integer(p, "pid");
            if (pidParam.isEmpty()) {
                throw new InvalidParameterException("pid", "missing");
            }
            pid = pidParam.getAsLong();
        } catch (InvalidParameterException e) {
            return e.toResult().withData(killData(null, false, false));
        }
        JsonObject notTerminated = killData(pid, force, false);
        if (control.reservedPid(pid)) {
            return ActionResult.failure(ExitCodes.FAILED, "refused: protected process pid " + pid, notTerminated);
        }
        if (pid == processes.ownPid() || pid == ProcessHandle.current().pid()) {
            return ActionResult.failure(ExitCodes.FAILED, "refused: protected process infiniservice (the agent itself)",
                    notTerminated);
        }
        Optional<ProcessControl.ProcessIdentity> id = control.identify(pid);
        if (id.isEmpty()) {
            return ActionResult.failure(ExitCodes.FAILED, "no such process: " + pid, notTerminated);
        }
        if (id.get().isThread()) {
            // kill(2) with a thread id signals the thread's whole process: a thread id is never a target
            long tgid = id.get().tgid();
            String owner = tgid == processes.ownPid() || tgid == ProcessHandle.current().pid()
                    ? "infiniservice (the agent itself)"
                    : control.identify(tgid).map(ProcessControl.ProcessIdentity::name).orElse("?");
            return ActionResult.failure(ExitCodes.FAILED, "refused: " + pid + " is a thread of process " + tgid
                    + " (" + owner + "), not a process; ProcessKill takes a process id", notTerminated);
        }
        String name = id.get().name();
        if (!force && control.isProtected(id.get())) {
            return ActionResult.failure(ExitCodes.FAILED, "refused: protected process " + name, notTerminated);
        }
        long remainingMs = deadline.remainingNanos(System.nanoTime()) / 1_000_000;
        Duration wait = Duration.ofMillis(Math.max(100, Math.min(5_000, remainingMs - 1_000)));
        try {
            boolean gone = control.signal(id.get(), force, wait);
            return ActionResult.ok(killData(pid, force, gone),
                    "sent SIG" + (force ? "KILL" : "TERM") + " to " + pid + " (" + name + ")"
                            + (gone ? ", terminated" : ", still running"));
        } catch (OsOperationException e) {
            return Results.failure(e, notTerminated);
        }
    }

    private static JsonObject killData(Long pid, boolean force, boolean terminated) {
        return JsonObject.builder().put("pid", pid == null ? null : Json.of(pid)).put("signal", force ? "KILL" : "TERM")
                .put("terminated", terminated).build();
    }

    static JsonObject toJson(ProcessMetric p) {
        double cpu = Results.round2(p.cpuPercent());
        return JsonObject.builder().put("pid", p.pid()).put("ppid", p.ppid()).put("name", p.name())
                .put("cpu_usage", cpu).put("cpu_percent", cpu).put("memory_kb", p.memoryKb())
                .put("status", p.status() == null ? "Unknown" : p.status().wire())
                .put("command_line", p.cmdLine() == null ? "" : p.cmdLine()).put("user", p.user())
                .put("start_time", p.startTimeMillis() == null ? null : Timestamps.format(p.startTimeMillis()))
                .build();
    }
}
