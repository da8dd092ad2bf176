package org.infinibay.infiniservice.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.HostClient;
import org.infinibay.infiniservice.bootstrap.hostsim.HostPayloads;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.it.WireRules;

/**
 * The host side of the real-VM end-to-end run ({@code tools/vm-e2e.sh}): the agent runs inside a
 * QEMU guest on a real virtio-serial port {@code org.infinibay.agent}; this program connects to
 * QEMU's socket as the Infinibay host does and checks the attach sequence, metrics from the guest
 * kernel, signed commands, host detach / re-attach cycles with the agent's CPU use while detached
 * (measured inside the guest and on the QEMU process), and a guest-side port reopen (hot-unplug and
 * re-plug of the port through QMP). Prints {@code VM-E2E PASS} or {@code VM-E2E FAIL} with the figures.
 *
 * <p>Arguments: {@code key=value} pairs: socket, console, qmp, secret, vmId, vcpus, kernel,
 * qemuPid, cycles (3), detachSeconds (8), bootSeconds (180).
 */
public final class VmE2E {
    /**
     * Kernel names (15 characters) of the threads that read, write and wait on the host channel: main
     * ("java") reads the port itself since round 5 (there was an "infiniservice-v" reader thread
     * before); the attach check it arms on the shared timer is too small to single out.
     */
    private static final List<String> CHANNEL_THREADS = List.of("infiniservice-w", "java");

    private final Map<String, String> args;
    private final HostClient host;
    private final GuestSamples guest;
    private final List<String> failures = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();
    private final int vcpus;

    private VmE2E(Map<String, String> args) {
        this.args = args;
        this.host = new HostClient(Path.of(arg("socket")), arg("secret"));
        this.guest = new GuestSamples(Path.of(arg("console")));
        this.vcpus = Integer.parseInt(args.getOrDefault("vcpus", "1"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        VmE2E e2e = new VmE2E(a);
        boolean ok;
        try {
            ok = e2e.run();
        } catch (Exception | AssertionError ex) {
            e2e.failures.add("aborted: " + ex);
            ex.printStackTrace(System.out);
            ok = false;
        } finally {
            e2e.guest.close();
        }
        e2e.failures.forEach(f -> System.out.println("[vm-e2e] FAILED: " + f));
        System.out.println(ok && e2e.failures.isEmpty() ? "VM-E2E PASS" : "VM-E2E FAIL");
        System.exit(ok && e2e.failures.isEmpty() ? 0 : 1);
    }

    private String arg(String k) {
        String v = args.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + k + "=...");
        }
        return v;
    }

    private boolean run() throws Exception {
        long t0 = System.currentTimeMillis();
        int bootSeconds = Integer.parseInt(args.getOrDefault("bootSeconds", "180"));
        host.connect(Duration.ofSeconds(60));
        HostSimulator.Received hs = attachSequence(1, Duration.ofSeconds(bootSeconds));
        figure("QEMU start → handshake on the host socket: %.1f s (guest boot + JVM start under %s)",
                (hs.receivedAtMs() - Long.parseLong(args.getOrDefault("qemuStartMs", String.valueOf(t0)))) / 1000.0,
                args.getOrDefault("accel", "?"));

        // signed commands
        String sys = UUID.randomUUID().toString();
        long sent = System.currentTimeMillis();
        host.sendSigned(HostPayloads.safe(sys, "SystemInfo", 60));
        JsonObject r = host.awaitResponse(sys, Duration.ofSeconds(60)).json();
        check(r.bool("success").orElse(false), "SystemInfo succeeded: " + r);
        check("SystemInfo".equals(r.string("command_type").orElse("")), "SystemInfo command_type");
        check(r.get("data").map(d -> d instanceof JsonObject).orElse(false), "SystemInfo carries data");
        figure("SystemInfo round trip: %d ms", System.currentTimeMillis() - sent);
        validateMetrics(host.awaitType("metrics", Duration.ofSeconds(30)), "metrics after SystemInfo");

        String uname = UUID.randomUUID().toString();
        sent = System.currentTimeMillis();
        host.sendSigned(HostPayloads.unsafe(uname, "uname -a", 60));
        JsonObject u = host.awaitResponse(uname, Duration.ofSeconds(60)).json();
        String out = u.string("stdout").orElse("");
        check(u.integer("exit_code").orElse(-1) == 0, "uname -a exit code 0: " + u);
        check("unsafe".equals(u.string("command_type").orElse("")), "unsafe command_type");
        check(out.startsWith("Linux") && out.contains(args.getOrDefault("kernel", "")),
                "uname -a shows the guest kernel " + args.get("kernel") + ": " + out.strip());
        figure("UnsafeCommand uname -a round trip: %d ms → %s", System.currentTimeMillis() - sent, out.strip());
        keepAlive("after boot");

        // host detach / re-attach cycles, CPU while attached vs detached
        int cycles = Integer.parseInt(args.getOrDefault("cycles", "3"));
        long windowMs = Integer.parseInt(args.getOrDefault("detachSeconds", "8")) * 1000L;
        List<String> detached = new ArrayList<>();
        List<String> attached = new ArrayList<>();
        for (int c = 1; c <= cycles; c++) {
            long a0 = System.currentTimeMillis();
            long q0 = qemuTicks();
            Thread.sleep(windowMs);
            long a1 = System.currentTimeMillis();
            long q1 = qemuTicks();
            GuestSamples.Cpu att = guest.cpuBetween(a0 + 1000, a1);
            host.disconnect();
            long d0 = System.currentTimeMillis();
            Thread.sleep(windowMs);
            long d1 = System.currentTimeMillis();
            long q2 = qemuTicks();
            GuestSamples.Cpu det = guest.cpuBetween(d0 + 1500, d1);
            attached.add(String.format("%.2f%%", att.percent()));
            detached.add(String.format("%.2f%%", det.percent()));
            double channel = det.percentOf(CHANNEL_THREADS);
            figure("cycle %d: agent CPU in the guest attached %.2f%% (%d ticks / %.1f s), detached %.2f%% (%d ticks / %.1f s),"
                            + " of which the channel's threads %.2f%% (busiest while detached: %s);"
                            + " QEMU process on the host attached %s, detached %s", c, att.percent(), att.ticks(),
                    att.guestSeconds(), det.percent(), det.ticks(), det.guestSeconds(), channel, det.busiest(4),
                    qemuPercent(q0, q1, a1 - a0), qemuPercent(q1, q2, d1 - d0));
            // Contract §13 item 11: < 1 % while detached, no spin. The guest has no network, so during
            // the whole run (its first 120 s) the agent collects every 5 s (§6.5 fast IP retry), and
            // collection goes on while detached (§3.3); under TCG one collection costs 0.1-0.4 s of
            // guest CPU, and every guest instruction is emulated. So the channel's
            // own threads (main, which reads: one end-of-file read per second once backed off; writer) are
            // held to < 3 % of emulated CPU (measured 0.4-1.6 %, the top with the host loaded; 1 % of TCG time
            // is about 0.1 % of a real CPU), and the whole process only to "no spinning" (< 25 %: a
            // spinning thread shows ~100 %).
            check(channel < 3.0, "channel idle while detached (cycle " + c + "): " + channel + " % ("
                    + det.busiest(6) + ")");
            check(det.percent() < 25.0, "agent not spinning while detached (cycle " + c + "): " + det.percent() + " %");
            host.clearInbox();
            host.connect(Duration.ofSeconds(10));
            attachSequence(c + 1, Duration.ofSeconds(60));
            keepAlive("after re-attach " + c);
        }
        figure("agent CPU attached per cycle %s, detached per cycle %s", attached, detached);

        portReopen();

        // metrics from the guest kernel, every line the agent sent checked against the wire rules
        int lines = 0;
        for (HostSimulator.Received rec : host.received()) {
            lines++;
            List<String> v = new ArrayList<>(WireRules.framing(rec.raw(), rec.json()));
            if ("metrics".equals(rec.type())) {
                v.addAll(metricsViolations(rec.json()));
            }
            v.forEach(x -> failures.add("wire rule, " + rec.type() + ": " + x));
        }
        GuestSamples.Sample last = guest.latest();
        if (last != null) {
            figure("agent inside the guest at the end: RSS %d KiB, %d threads, %d fds", last.rssKb(), last.threads(),
                    last.fds());
        }
        figure("%d agent lines over %d host connections checked against WireRules; run took %.0f s", lines,
                host.connections(), (System.currentTimeMillis() - t0) / 1000.0);

        // the end: the agent itself marks the run done; the guest stops it and powers off
        String done = UUID.randomUUID().toString();
        host.sendSigned(HostPayloads.unsafe(done, "touch /tmp/e2e-done", 30));
        check(host.awaitResponse(done, Duration.ofSeconds(60)).json().integer("exit_code").orElse(-1) == 0, "done marker");
        host.close();
        return true;
    }

    /** §3.4: handshake first, a full metrics within 5 s, then request_pending_scripts. */
    private HostSimulator.Received attachSequence(int connection, Duration firstLineTimeout) throws InterruptedException {
        HostSimulator.Received first = host.await(r -> r.connection() == connection, firstLineTimeout);
        check("handshake".equals(first.type()), "first line of connection " + connection + " is a handshake, was "
                + first.type());
        HostSimulator.Received m = host.await(r -> r.connection() == connection && "metrics".equals(r.type()),
                Duration.ofSeconds(30));
        long gap = m.receivedAtMs() - first.receivedAtMs();
        check(gap <= 5000, "metrics within 5 s of the handshake on connection " + connection + ": " + gap + " ms");
        validateMetrics(m, "metrics of connection " + connection);
        HostSimulator.Received p = host.await(r -> r.connection() == connection
                && "request_pending_scripts".equals(r.type()), Duration.ofSeconds(30));
        figure("attach %d: handshake → metrics %d ms → request_pending_scripts %d ms", connection, gap,
                p.receivedAtMs() - first.receivedAtMs());
        return first;
    }

    private void validateMetrics(HostSimulator.Received m, String what) {
        List<String> v = metricsViolations(m.json());
        v.forEach(x -> failures.add(what + ": " + x));
        JsonObject sys = m.json().object("data").orElseThrow().object("system").orElseThrow();
        long total = sys.object("memory").flatMap(o -> o.integer("total_kb").stream().boxed().findFirst()).orElse(0L);
        JsonArray ifs = sys.object("network").flatMap(n -> n.array("interfaces")).orElse(JsonArray.EMPTY);
        check(total > 100_000 && total < 1_024_000, what + ": guest memory total_kb from the guest kernel: " + total);
        if (what.contains("connection 1")) {
            figure("metrics from the guest: memory total %d KiB, %d vCPU entries, %d interfaces, uptime %s s, %d bytes",
                    total, sys.object("cpu").flatMap(c -> c.array("cores_usage")).map(JsonArray::size).orElse(-1),
                    ifs.size(), sys.get("uptime_seconds").map(Object::toString).orElse("?"), m.raw().length());
        }
    }

    /** WireRules' metrics rules, with the CPU count of the guest instead of the host's. */
    private List<String> metricsViolations(JsonObject line) {
        List<String> v = new ArrayList<>();
        for (String x : WireRules.metrics(line)) {
            if (!x.startsWith("cores_usage has ")) {
                v.add(x);
            }
        }
        int cores = line.object("data").flatMap(d -> d.object("system")).flatMap(s -> s.object("cpu"))
                .flatMap(c -> c.array("cores_usage")).map(JsonArray::size).orElse(-1);
        if (cores != vcpus) {
            v.add("cores_usage has " + cores + " entries for " + vcpus + " guest vCPUs");
        }
        return v;
    }

    private void keepAlive(String when) throws IOException, InterruptedException {
        long seq = System.nanoTime() & 0xffffffL;
        long sent = System.currentTimeMillis();
        host.sendSigned(HostPayloads.keepAliveRequest(seq));
        host.await(r -> "keep_alive".equals(r.type()) && r.json().integer("sequence_number").orElse(-1) == seq,
                Duration.ofSeconds(30));
        long ms = System.currentTimeMillis() - sent;
        figure("keep_alive round trip %s: %d ms", when, ms);
        check(ms <= 5000, "keep-alive answered " + when + " (" + ms + " ms; 1 s on real hardware, TCG is 4-6x slower)");
    }

    /**
     * The port disappears under the agent (hot-unplug: the agent reads ENODEV/EIO) and comes back:
     * the agent must reopen it (§3.6) and run the attach sequence again on the same host connection.
     */
    private void portReopen() throws Exception {
        String qmpPath = args.get("qmp");
        if (qmpPath == null) {
            figure("guest-side port reopen: not run (no qmp=)");
            return;
        }
        try (Qmp qmp = new Qmp(Path.of(qmpPath))) {
            int before = countType("handshake");
            String del = qmp.execute("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"vport0\"}}");
            check(del.contains("\"return\""), "device_del vport0: " + del);
            String deleted = qmp.awaitEvent("DEVICE_DELETED", 30);
            check(deleted != null, "DEVICE_DELETED for vport0");
            long unplugged = System.currentTimeMillis();
            Thread.sleep(3000);
            String add = qmp.execute("{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"virtserialport\","
                    + "\"bus\":\"vser0.0\",\"nr\":1,\"chardev\":\"vch0\",\"name\":\"org.infinibay.agent\",\"id\":\"vport0\"}}");
            check(add.contains("\"return\""), "device_add vport0: " + add);
            long replugged = System.currentTimeMillis();
            HostSimulator.Received hs = host.await(r -> "handshake".equals(r.type()) && r.receivedAtMs() >= replugged,
                    Duration.ofSeconds(90));
            HostSimulator.Received m = host.await(r -> "metrics".equals(r.type()) && r.receivedAtMs() >= hs.receivedAtMs(),
                    Duration.ofSeconds(30));
            figure("guest-side port reopen: port unplugged for %d ms, re-plugged → handshake after %d ms → metrics %d ms later"
                            + " (handshakes before %d, after %d)", replugged - unplugged, hs.receivedAtMs() - replugged,
                    m.receivedAtMs() - hs.receivedAtMs(), before, countType("handshake"));
            keepAlive("after the port reopen");
        }
    }

    private int countType(String type) {
        return (int) host.received().stream().filter(r -> type.equals(r.type())).count();
    }

    private long qemuTicks() {
        String pid = args.get("qemuPid");
        if (pid == null || pid.isEmpty()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** QEMU's CPU on the host (all its threads, vCPUs included) as % of one host CPU. */
    private static String qemuPercent(long from, long to, long ms) {
        if (from < 0 || to < 0) {
            return "n/a";
        }
        return String.format("%.1f%%", 100.0 * (to - from) / 100.0 / (ms / 1000.0));
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            failures.add(what);
        }
    }

    private void figure(String fmt, Object... a) {
        String f = String.format(fmt, a);
        figures.add(f);
        System.out.println("[vm-e2e] " + f);
    }
}
