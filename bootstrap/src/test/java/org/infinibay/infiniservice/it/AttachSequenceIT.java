package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/** CONTRACT §3.4 attach sequence, §13 items 10, 12, 31-35, 37. */
class AttachSequenceIT extends AgentHarness {

    @Test
    void handshakeFirstThenMetricsWithin5sThenPendingScriptsOnEveryAttach() throws Exception {
        startAgent();
        HostSimulator h = host();
        for (int connection = 1; connection <= 3; connection++) {
            h.awaitConnection(connection, Duration.ofSeconds(20));
            int c = connection;
            // a periodic line of the previous connection can still arrive after clearInbox(): the first
            // line of THIS connection is what must be the handshake
            HostSimulator.Received first = h.await(r -> r.connection() == c, Duration.ofSeconds(10));
            assertEquals("handshake", first.type(), "first line of connection " + c);
            assertEquals(c, first.connection());
            assertEquals(VM_ID, first.json().string("vm_id").orElseThrow());
            assertEquals("linux", first.json().string("platform").orElseThrow());
            assertTrue(first.json().array("capabilities").orElseThrow().items().size() >= 4);
            HostSimulator.Received metrics = h.awaitType("metrics", Duration.ofSeconds(5));
            assertTrue(metrics.receivedAtMs() - first.receivedAtMs() <= 5000, "metrics within 5 s of the attach");
            HostSimulator.Received scripts = h.await(r -> "request_pending_scripts".equals(r.type())
                    || "handshake".equals(r.type()), Duration.ofSeconds(10));
            assertEquals("request_pending_scripts", scripts.type());
            assertEquals(scripts.json().string("timestamp"), scripts.json().string("request_timestamp"));
            h.clearInbox();
            h.disconnect(); // host detaches; the agent must reconnect and repeat the sequence
        }
    }

    @Test
    void metricsComeEveryIntervalWithCumulativeCountersAndDefaultRouteFirst() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        JsonObject m1 = h.awaitType("metrics", Duration.ofSeconds(10)).json();
        HostSimulator.Received r2 = h.awaitType("metrics", Duration.ofSeconds(10));
        HostSimulator.Received r3 = h.awaitType("metrics", Duration.ofSeconds(10));
        assertTrue(r3.receivedAtMs() - r2.receivedAtMs() < 4000, "2 s interval honoured");
        JsonObject m2 = r3.json();
        JsonArray ifs1 = interfaces(m1);
        JsonArray ifs2 = interfaces(m2);
        for (int i = 0; i < Math.min(ifs1.size(), ifs2.size()); i++) {
            JsonObject a = (JsonObject) ifs1.items().get(i);
            JsonObject b = (JsonObject) ifs2.items().get(i);
            if (a.string("name").equals(b.string("name"))) {
                assertTrue(b.integer("bytes_received").getAsLong() >= a.integer("bytes_received").getAsLong(),
                        "counters are cumulative, never rates (P2)");
            }
        }
        String defaultIf = defaultRouteInterface();
        if (defaultIf != null && !ifs2.items().isEmpty()) {
            assertEquals(defaultIf, ((JsonObject) ifs2.items().get(0)).string("name").orElseThrow());
            String bytes = Files.readString(Path.of("/sys/class/net", defaultIf, "statistics/rx_bytes")).trim();
            assertTrue(((JsonObject) ifs2.items().get(0)).integer("bytes_received").getAsLong()
                    <= Long.parseLong(bytes), "equals the OS cumulative counter (read later)");
        }
        JsonObject data = m2.object("data").orElseThrow();
        assertTrue(data.has("processes"), "processes sit directly in data");
        assertTrue(data.has("ports"), "ports sit directly in data");
    }

    private static JsonArray interfaces(JsonObject m) {
        return m.object("data").orElseThrow().object("system").orElseThrow().object("network").orElseThrow()
                .array("interfaces").orElseThrow();
    }

    private static String defaultRouteInterface() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 1 && f[1].equals("00000000")) {
                return f[0];
            }
        }
        return null;
    }
}
