package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.junit.jupiter.api.Test;

/**
 * The agent's threads in its steady state (issue #17, round 5: at most 16), the real process with
 * the JVM flags it ships with, metrics at a 1 s interval. Besides the JVM's own threads and
 * {@code main} (the receive loop) the agent runs three: the writer, the collect thread and the one
 * timer, which also runs the metrics deadlines (until round 5 an {@code infiniservice-metrics}
 * thread slept between cycles: 16 threads here, 17 on a virtio port with its reader thread, which
 * {@code VirtioHostChannelTest.theChannelStartsNoThreadOfItsOwn} covers).
 */
class ThreadsIT extends AgentHarness {

    @Test
    void steadyStateRunsTheWriterTheCollectThreadAndTheTimerOnlyAndMetricsKeepTheirInterval() throws Exception {
        HostSimulator h = host();
        Map<String, String> env = new HashMap<>();
        env.put("INFINIBAY_VM_ID", VM_ID);
        env.put("INFINISERVICE_SHARED_SECRET", SECRET);
        AgentProcess agent = AgentProcess.start(AgentProcess.shippedJvmOptions(),
                List.of("run", "--device", "unix:" + tmp.resolve("host.sock"), "--interval", "1",
                        "--state-dir", tmp.resolve("state").toString()), env, tmp);
        agents.add(agent);
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(15));
        HostSimulator.Received previous = h.awaitType("metrics", Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            HostSimulator.Received next = h.awaitType("metrics", Duration.ofSeconds(10));
            long gap = next.receivedAtMs() - previous.receivedAtMs();
            assertTrue(gap >= 500 && gap < 3000, "metrics every 1 s from the timer: " + gap + " ms");
            previous = next;
        }

        List<String> names = threadNames(agent.process().pid());
        List<String> own = new ArrayList<>();
        int probes = 0;
        for (String n : names) {
            if (n.startsWith("infiniservice-")) {
                own.add(n);
            } else if (n.startsWith("statfs-probe")) {
                probes++; // only for remote, FUSE or ZFS mounts (none on a typical VM)
            }
        }
        Collections.sort(own);
        System.out.println("ThreadsIT: " + names.size() + " threads: " + names);
        // /proc shows the first 15 characters of a name: infiniservice-metrics was "infiniservice-m"
        assertFalse(own.contains("infiniservice-m"), "no metrics thread: " + names);
        assertEquals(List.of("infiniservice-c", "infiniservice-t", "infiniservice-w"), own,
                "writer, collect thread, timer: " + names);
        assertTrue(names.size() - probes <= 15, "at most 15 threads on the unix: channel: " + names);
    }

    /** The names ({@code comm}) of the process's live threads. */
    private static List<String> threadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        Collections.sort(names);
        return names;
    }
}
