package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.bootstrap.hostsim.HostEnd;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: a host simulator on a Unix socket and the real agent process
 * connected to it with {@code --device unix:}. After each test every line the agent sent is checked
 * against the framing rules and every metrics line against the host's column rules, and the
 * agent's log is checked for leaked secrets.
 */
abstract class AgentHarness {
    static final String VM_ID = "6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41";
    static final String SECRET = HmacSigner.deriveSecret("it-master-secret", VM_ID);

    @TempDir
    Path tmp;
    HostSimulator host;
    final List<AgentProcess> agents = new ArrayList<>();

    HostSimulator host() throws IOException {
        if (host == null) {
            host = new HostSimulator(tmp.resolve("host.sock"), SECRET);
        }
        return host;
    }

    AgentProcess startAgent(String secret, String... extraArgs) throws IOException {
        host();
        List<String> args = new ArrayList<>(List.of("run", "--device", "unix:" + tmp.resolve("host.sock"),
                "--interval", "2", "--state-dir", tmp.resolve("state").toString()));
        args.addAll(List.of(extraArgs));
        Map<String, String> env = new HashMap<>();
        env.put("INFINIBAY_VM_ID", VM_ID);
        if (secret != null) {
            env.put("INFINISERVICE_SHARED_SECRET", secret);
        }
        AgentProcess p = AgentProcess.start(args, env, tmp);
        agents.add(p);
        return p;
    }

    AgentProcess startAgent() throws IOException {
        return startAgent(SECRET);
    }

    @AfterEach
    void checkEverythingTheAgentSent() throws Exception {
        for (AgentProcess a : agents) {
            a.close();
        }
        if (host != null) {
            List<String> violations = new ArrayList<>();
            for (HostSimulator.Received r : host.received()) {
                WireRules.framing(r.raw(), r.json()).forEach(v -> violations.add(r.type() + ": " + v));
                if ("metrics".equals(r.type())) {
                    WireRules.metrics(r.json()).forEach(v -> violations.add("metrics: " + v));
                }
            }
            host.close();
            assertEquals(List.of(), violations, "every line conforms to the wire rules");
        }
        for (AgentProcess a : agents) {
            String log = a.log();
            assertFalse(log.contains(SECRET), "the secret never appears in the log");
            assertFalse(log.contains("\"payload\""), "payload content never appears in the log");
        }
    }

    /**
     * None of the ids gets a response among the lines the agent sends within {@code window}: one
     * window for the whole batch (the lines were sent before; each would be answered within it), not
     * one per id. Like {@link HostSimulator#awaitResponse}, it reads the inbox, so a response taken
     * before (or cleared) does not count.
     */
    static void assertNoResponses(HostEnd h, Collection<String> ids, Duration window, String why) {
        assertThrows(IllegalStateException.class, () -> h.await(r -> "response".equals(r.type())
                && ids.contains(r.json().string("id").orElse(null)), window), why);
    }

    static String readAll(Path p) throws IOException {
        return Files.readString(p);
    }
}
