package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size budget of CONTRACT §2.3/§7.9 on a crowded host: 2000 real processes with 4 KiB command
 * lines and 2000 real listening sockets (1000 TCP, 1000 UDP), then {@code metrics --once}: one line
 * of at most 1 MiB, at most 1000 items per collection, and every host column rule holding.
 */
class MetricsBudgetIT {
    private static final int PROCESSES = 2000;
    private static final int SOCKETS_PER_PROTOCOL = 1000;
    /** Opens the listeners on ephemeral ports, says "ready", holds them until stdin closes. */
    private static final String LISTENERS = String.join("\n",
            "import resource, socket, sys",
            "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)",
            "resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))",
            "keep = []",
            "for i in range(" + SOCKETS_PER_PROTOCOL + "):",
            "    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.bind(('127.0.0.1', 0)); t.listen(1); keep.append(t)",
            "    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0)); keep.append(u)",
            "print('ready', flush=True)",
            "sys.stdin.read()");

    @TempDir
    Path tmp;
    private final List<Process> helpers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : helpers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process spawnProcesses() throws Exception {
        // "exec -a" gives each sleep a 4000-character argv[0]: big command lines without big files.
        String script = "long=$(printf 'budget-%.0s' $(seq 500)); for i in $(seq " + PROCESSES + "); do "
                + "(exec -a \"$long-$i\" sleep 120) & done; echo started; wait";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        helpers.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("started", r.readLine());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (p.children().filter(c -> c.info().command().orElse("").endsWith("sleep")).count() < PROCESSES) {
            assertTrue(System.nanoTime() < deadline, "children started in time");
            Thread.sleep(100);
        }
        return p;
    }

    private Process openSockets() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", LISTENERS).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        helpers.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("ready", r.readLine());
        return p;
    }

    @Test
    void crowdedHostStillGivesOneConformingLineUnderOneMebibyte() throws Exception {
        spawnProcesses();
        Process sockets = openSockets();
        ProcessBuilder pb = new ProcessBuilder(AgentProcess.javaCommand(
                List.of("metrics", "--once", "--state-dir", tmp.resolve("s").toString())));
        pb.environment().remove("INFINISERVICE_SHARED_SECRET");
        pb.environment().remove("INFINISERVICE_DEVICE");
        pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        long start = System.nanoTime();
        Process agent = pb.start();
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "metrics --once finished");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(0, agent.exitValue(), err);
        String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertEquals(1, lines.length);
        String raw = lines[0];
        JsonObject line = (JsonObject) new JacksonJsonCodec().parse(raw);
        assertEquals(List.of(), WireRules.framing(raw, line));
        assertEquals(List.of(), WireRules.metrics(line));
        assertTrue(raw.length() <= 1024 * 1024, "line is " + raw.length() + " bytes");
        JsonObject data = line.object("data").orElseThrow();
        for (String collection : List.of("processes", "ports", "applications")) {
            int n = data.array(collection).map(JsonArray::size).orElse(0);
            assertTrue(n <= 1000, collection + " has " + n + " items");
        }
        assertTrue(data.array("processes").orElseThrow().size() >= 50, "the top processes are reported");
        // the helper's listeners are there (up to the cap), attributed to it
        long ours = data.array("ports").orElseThrow().items().stream().map(j -> (JsonObject) j)
                .filter(o -> o.integer("pid").orElse(-1) == sockets.pid()).count();
        assertTrue(ours >= 900, "ports of the helper: " + ours);
        assertEquals(List.of(), applicationViolations(data));
        System.out.printf("MetricsBudgetIT: line %d bytes, %d processes, %d ports, %d applications, %d ms%n",
                raw.length(), data.array("processes").get().size(), data.array("ports").get().size(),
                data.array("applications").map(JsonArray::size).orElse(0), ms);
    }

    /** The host's rules for application items (§7.8): key and name present, integers, RFC 3339 dates. */
    static List<String> applicationViolations(JsonObject data) {
        List<String> v = new ArrayList<>();
        for (Json j : data.array("applications").orElse(JsonArray.EMPTY).items()) {
            JsonObject a = (JsonObject) j;
            if (!(a.get("exe_path").orElse(null) instanceof JsonString s) || s.value().isEmpty()) {
                v.add("application without exe_path: " + a);
            }
            if (!(a.get("name").orElse(null) instanceof JsonString s2) || s2.value().isEmpty()) {
                v.add("application without name: " + a);
            }
            for (String k : List.of("access_count", "usage_minutes", "file_size")) {
                if (a.has(k) && !(a.get(k).get() instanceof JsonInt)) {
                    v.add(k + " not an integer: " + a);
                }
            }
            for (String k : List.of("last_access", "last_modified")) {
                a.string(k).ifPresent(t -> {
                    if (!WireRules.TIMESTAMP.matcher(t).matches()) {
                        v.add("bad " + k + " " + t);
                    }
                });
            }
        }
        return v;
    }
}
