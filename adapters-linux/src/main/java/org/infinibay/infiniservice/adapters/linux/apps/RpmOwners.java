package org.infinibay.infiniservice.adapters.linux.apps;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * File owners from {@code rpm -qf} (the rpm database is not a format to parse by hand). Each answer,
 * owned or not, is cached until the next refresh; unknown paths are queued and asked in one batch per
 * cycle, so a cycle never waits for more than one rpm run.
 */
final class RpmOwners implements PackageOwners {
    static final String FORMAT = "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{SUMMARY}\\n";
    private static final int BATCH = 64;
    private static final long TIMEOUT_SECONDS = 5;
    private static final PackageRef NONE = new PackageRef("", null, null, null);

    private final ProgramRunner runner;
    private final LongSupplier nanoClock;
    private final Map<String, PackageRef> cache = new HashMap<>();
    private final Set<String> queue = new LinkedHashSet<>();

    RpmOwners(ProgramRunner runner, LongSupplier nanoClock) {
        this.runner = runner;
        this.nanoClock = nanoClock;
    }

    @Override
    public void refresh(Collection<String> knownPaths) {
        cache.clear(); // packages may have been updated
        queue.clear();
        queue.addAll(knownPaths);
        resolvePending();
    }

    @Override
    public PackageRef owner(String realPath) {
        PackageRef r = cache.get(realPath);
        if (r == null) {
            queue.add(realPath);
            return null;
        }
        return r == NONE ? null : r;
    }

    @Override
    public boolean pending(String realPath) {
        return !cache.containsKey(realPath);
    }

    @Override
    public void resolvePending() {
        while (!queue.isEmpty()) {
            List<String> batch = new ArrayList<>(BATCH);
            var it = queue.iterator();
            while (it.hasNext() && batch.size() < BATCH) {
                batch.add(it.next());
                it.remove();
            }
            List<PackageRef> answers = query(batch);
            if (answers == null) {
                // Output could not be matched to the paths (a file owned twice, a missing file): ask one by one.
                for (String p : batch) {
                    List<PackageRef> one = query(List.of(p));
                    cache.put(p, one == null ? NONE : one.get(0));
                }
            } else {
                for (int i = 0; i < batch.size(); i++) {
                    cache.put(batch.get(i), answers.get(i));
                }
            }
            if (!queue.isEmpty()) {
                return; // at most one batch per cycle
            }
        }
    }

    private List<PackageRef> query(List<String> paths) {
        List<String> cmd = new ArrayList<>(List.of("rpm", "-qf", "--qf", FORMAT));
        cmd.addAll(paths);
        try {
            ExecResult r = runner.run(ExecRequest.of(cmd, new Deadline(
                    nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS), TIMEOUT_SECONDS)));
            if (r.startFailed() || r.timedOut()) {
                return java.util.Collections.nCopies(paths.size(), NONE); // no usable rpm: owners unknown
            }
            return parse(r.stdout(), paths.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One answer per queried path, in order; {@code null} when the lines do not line up. */
    static List<PackageRef> parse(String stdout, int expected) {
        List<PackageRef> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("file ") && line.endsWith("is not owned by any package")) {
                out.add(NONE);
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 4) {
                return null;
            }
            out.add(new PackageRef(f[0], f[1], PackageRef.publisherOf(f[2]), f[3].isEmpty() ? null : f[3]));
        }
        return out.size() == expected ? out : null;
    }

    static boolean isNone(PackageRef r) {
        return r == NONE;
    }
}
