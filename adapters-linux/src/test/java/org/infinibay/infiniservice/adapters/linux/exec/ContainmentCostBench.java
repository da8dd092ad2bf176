package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a cgroup per run costs per command (docs/execution.md): the same engine runs {@code true}
 * with each containment and with process groups only (the launcher before issue #13 item 7),
 * interleaved so that the machine's load drifts equally over all of them. A bench, not part of the
 * default run: {@code mvn -pl adapters-linux -am test -Dtest=ContainmentCostBench
 * -Dinfiniservice.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ContainmentCostBench {
    private static final int RUNS = 300;

    @Test
    void execLatencyPerContainment() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("infiniservice.bench"), "bench: -Dinfiniservice.bench=true");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        List<Set<Cgroups.Kind>> configs = List.of(Set.of(), EnumSet.of(Cgroups.Kind.V2_KILL),
                EnumSet.of(Cgroups.Kind.V2_FREEZE), EnumSet.of(Cgroups.Kind.V1_FREEZER));
        ExecutionEngine[] engines = new ExecutionEngine[configs.size()];
        for (int i = 0; i < engines.length; i++) {
            engines[i] = new ExecutionEngine(new LinuxProcessLauncher(new PasswdUserDirectory(), Path.of("/proc"),
                    configs.get(i)), System::getenv, AgentClock.SYSTEM);
        }
        long[][] nanos = new long[engines.length][RUNS];
        for (int run = -30; run < RUNS; run++) {
            for (int i = 0; i < engines.length; i++) {
                long t0 = System.nanoTime();
                int exit = engines[i].run(ExecRequest.of(List.of("true"),
                        new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), 30))).exitCode();
                long t = System.nanoTime() - t0;
                assertEquals(0, exit);
                if (run >= 0) {
                    nanos[i][run] = t;
                }
            }
        }
        for (int i = 0; i < engines.length; i++) {
            Arrays.sort(nanos[i]);
            System.out.printf("[bench] %-60s median %.2f ms, p90 %.2f ms (%d runs of true)%n",
                    engines[i].containment(), nanos[i][RUNS / 2] / 1e6, nanos[i][RUNS * 9 / 10] / 1e6, RUNS);
            engines[i].close();
        }
    }
}
