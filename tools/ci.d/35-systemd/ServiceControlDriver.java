import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Plays the host for tools/ci.d/35-systemd.sh: listens on the socket the installed agent (inside a
 * systemd-nspawn container, real systemd as PID 1) connects to, sends signed ServiceList and
 * ServiceControl commands for the test unit, and checks each answer against what the container's own
 * systemctl says afterwards. Run as a single-file program:
 * {@code java -cp 'bootstrap/target/modules/*' ServiceControlDriver.java <socket> <secret> <leader-pid> <unit>}.
 * Prints one "ok"/"FAIL" line per check and exits 1 on any failure.
 */
public final class ServiceControlDriver {
    private static final Duration REPLY = Duration.ofSeconds(40);
    private static int failures;
    private static int sequence;

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String secret = args[1];
        String leader = args[2];
        String unit = args[3];
        String name = unit.endsWith(".service") ? unit.substring(0, unit.length() - ".service".length()) : unit;
        try (HostSimulator host = new HostSimulator(socket, secret)) {
            System.out.println("READY"); // the script restarts the agent towards this socket now
            System.out.flush();
            long t0 = System.nanoTime();
            host.awaitConnection(1, Duration.ofSeconds(90));
            host.awaitType("metrics", Duration.ofSeconds(60)); // attached and clock-synchronised
            System.out.printf("  agent connected and sent metrics after %.2f s%n", (System.nanoTime() - t0) / 1e9);

            JsonObject list = command(host, "{\"action\":\"ServiceList\"}");
            JsonArray services = list.array("services").orElse(JsonArray.EMPTY);
            JsonObject entry = null;
            for (Json s : services.items()) {
                if (s instanceof JsonObject o && o.string("name").map(n -> n.equals(name) || n.equals(unit))
                        .orElse(false)) {
                    entry = o;
                }
            }
            check("ServiceList: " + services.size() + " services, contains " + unit, entry != null);
            check("ServiceList: count matches", list.integer("count").orElse(-1) == services.size());
            if (entry != null) {
                check("ServiceList: " + unit + " Running/Automatic as systemd says ("
                        + entry.string("state").orElse("?") + "/" + entry.string("start_type").orElse("?") + ")",
                        entry.string("state").orElse("").equals(state(leader, unit))
                                && entry.string("start_type").orElse("").equals("Automatic"));
            }

            control(host, leader, unit, "status", "Running", "Automatic");
            control(host, leader, unit, "stop", "Stopped", "Automatic");
            control(host, leader, unit, "start", "Running", "Automatic");
            String before = systemctl(leader, "show", "-p", "MainPID", "--value", unit).trim();
            control(host, leader, unit, "restart", "Running", "Automatic");
            String after = systemctl(leader, "show", "-p", "MainPID", "--value", unit).trim();
            check("restart: new main PID (" + before + " -> " + after + ")", !before.equals(after));
            control(host, leader, unit, "disable", "Running", "Disabled");
            control(host, leader, unit, "enable", "Running", "Automatic");
            control(host, leader, unit, "stop", "Stopped", "Automatic");
            control(host, leader, unit, "status", "Stopped", "Automatic");

            // RestartServices (§8.5.10): a real restart of a running unit; one missing unit makes it fail
            control(host, leader, unit, "start", "Running", "Automatic");
            String pid0 = systemctl(leader, "show", "-p", "MainPID", "--value", unit).trim();
            JsonObject rs = command(host, "{\"action\":\"RestartServices\",\"service_name\":\"" + name + "\"}");
            String pid1 = systemctl(leader, "show", "-p", "MainPID", "--value", unit).trim();
            check("RestartServices " + name + ": succeeded 1 of 1, new main PID (" + pid0 + " -> " + pid1 + ")",
                    rs.integer("succeeded").orElse(-1) == 1 && rs.integer("total").orElse(-1) == 1
                            && !pid0.equals(pid1) && state(leader, unit).equals("Running"));
            String rid = "svc-" + (++sequence);
            host.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + rid + "\",\"command_type\":{\"action\":"
                    + "\"RestartServices\",\"services\":[\"" + name + "\",\"no-such-unit-ci\"]},\"params\":null,"
                    + "\"timeout\":30}");
            JsonObject two = host.awaitResponse(rid, REPLY).json();
            JsonObject twoData = two.object("data").orElse(JsonObject.EMPTY);
            check("RestartServices with a missing unit: success false, succeeded 1, failed 1 ("
                    + two.string("error").orElse("") + ")", !two.bool("success").orElse(true)
                    && twoData.integer("succeeded").orElse(-1) == 1 && twoData.integer("failed").orElse(-1) == 1);
            control(host, leader, unit, "stop", "Stopped", "Automatic");

            // the nested wire form the host really sends, and a unit that does not exist
            String id = "svc-" + (++sequence);
            host.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":"
                    + "\"ServiceControl\",\"params\":{\"service\":\"no-such-unit-ci\",\"operation\":\"status\"}},"
                    + "\"params\":null,\"timeout\":30}");
            JsonObject missing = host.awaitResponse(id, REPLY).json();
            check("ServiceControl status of a missing unit fails (" + missing.string("error").orElse("") + ")",
                    !missing.bool("success").orElse(true));

            // issue #13 item 5b: service units only. Were reboot.target accepted, this container would
            // reboot under the driver and every later check would fail.
            for (String target : new String[] {"reboot.target", "poweroff.target", "tmp.mount"}) {
                String tid = "svc-" + (++sequence);
                host.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + tid + "\",\"command_type\":{\"action\":"
                        + "\"ServiceControl\",\"params\":{\"service\":\"" + target + "\",\"operation\":\"start\"}},"
                        + "\"params\":null,\"timeout\":30}");
                JsonObject refused = host.awaitResponse(tid, REPLY).json();
                check("ServiceControl start " + target + " refused with code 2 (" + refused.string("error").orElse("")
                        + ")", !refused.bool("success").orElse(true) && refused.integer("exit_code").orElse(-1) == 2);
            }
            check("the container is still running after the refused targets ("
                    + systemctl(leader, "is-system-running").trim() + ")",
                    systemctl(leader, "show", "-p", "ActiveState", "--value", "multi-user.target").trim()
                            .equals("active"));
        }
        System.out.println(failures == 0 ? "  driver: all checks passed" : "  driver: " + failures + " failure(s)");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void control(HostSimulator host, String leader, String unit, String op, String state,
                                String startType) throws Exception {
        long t = System.nanoTime();
        JsonObject data = command(host, "{\"action\":\"ServiceControl\",\"params\":{\"service\":\"" + unit
                + "\",\"operation\":\"" + op + "\"}}");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
        String real = state(leader, unit) + "/" + startType(leader, unit);
        String got = data.string("state").orElse("?") + "/" + data.string("start_type").orElse("?");
        check("ServiceControl " + op + ": agent " + got + ", systemd " + real + ", expected " + state + "/" + startType
                + " (" + ms + " ms)", got.equals(state + "/" + startType) && real.equals(got));
    }

    /** Sends a signed SafeCommand with the given command_type; returns its data (fails on success:false). */
    private static JsonObject command(HostSimulator host, String commandType) throws Exception {
        String id = "svc-" + (++sequence);
        host.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":" + commandType
                + ",\"params\":null,\"timeout\":30}");
        JsonObject r = host.awaitResponse(id, REPLY).json();
        if (!r.bool("success").orElse(false)) {
            check(commandType + " succeeded: " + r.string("error").orElse(""), false);
        }
        return r.object("data").orElse(JsonObject.EMPTY);
    }

    /** The §8.5.1 state vocabulary from the container's systemctl. */
    private static String state(String leader, String unit) throws Exception {
        switch (systemctl(leader, "show", "-p", "ActiveState", "--value", unit).trim()) {
            case "active": return "Running";
            case "inactive": return "Stopped";
            case "failed": return "Failed";
            case "activating": return "StartPending";
            case "deactivating": return "StopPending";
            default: return "Unknown";
        }
    }

    private static String startType(String leader, String unit) throws Exception {
        switch (systemctl(leader, "show", "-p", "UnitFileState", "--value", unit).trim()) {
            case "enabled": return "Automatic";
            case "disabled": case "masked": return "Disabled";
            default: return "Manual";
        }
    }

    private static String systemctl(String leader, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--target", leader, "--all", "--", "systemctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static void check(String what, boolean ok) {
        System.out.println((ok ? "  ok   " : "  FAIL ") + what);
        if (!ok) {
            failures++;
        }
    }
}
