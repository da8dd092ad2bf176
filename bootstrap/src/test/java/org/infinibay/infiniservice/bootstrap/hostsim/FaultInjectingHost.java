package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A hostile world for the agent, for the fault-injection tests and tools: an honest
 * {@link HostSimulator} (it signs, learns the clock offset, records every agent line) behind a
 * {@link FaultInjectingLink} that plays QEMU and damages the traffic. The agent connects to
 * {@link #agentSocket()} with {@code --device unix:}. On top of the link's per-line faults this
 * class injects whole bad inputs: 9 MiB lines, invalid UTF-8, unknown types, wrong field types,
 * tampered / replayed / stale / unsigned envelopes, partial lines at detach, and floods. Every
 * injection is counted in {@link #counters()}.
 */
public final class FaultInjectingHost implements AutoCloseable {
    /** Bigger than the agent's 8 MiB line limit (CONTRACT §2.4). */
    public static final int OVERSIZED_LINE_BYTES = 9 * 1024 * 1024;

    private final HostSimulator host;
    private final FaultInjectingLink link;
    private final FaultCounters counters = new FaultCounters();
    private long sequence = 1_000_000;

    /** Listens in {@code dir}: the agent connects to {@code agent.sock}; the simulator sits behind the link. */
    public FaultInjectingHost(Path dir, String secret, long seed) throws IOException {
        this(dir.resolve("agent.sock"), dir.resolve("hostsim.sock"), secret, seed);
    }

    public FaultInjectingHost(Path agentSocket, Path hostSocket, String secret, long seed) throws IOException {
        this.host = new HostSimulator(hostSocket, secret);
        this.link = new FaultInjectingLink(agentSocket, hostSocket, counters, seed);
    }

    public Path agentSocket() {
        return link.agentSide();
    }

    public HostSimulator host() {
        return host;
    }

    public FaultInjectingLink link() {
        return link;
    }

    public FaultCounters counters() {
        return counters;
    }

    public void plan(FaultPlan plan) {
        link.plan(plan);
    }

    /** The host goes away; with {@code partialLine} the agent first gets the start of a valid line. */
    public void detach(boolean partialLine) throws IOException, InterruptedException {
        byte[] partial = new byte[0];
        if (partialLine) {
            byte[] line = signed(keepAliveRequest(nextSequence())).getBytes(StandardCharsets.UTF_8);
            partial = Arrays.copyOf(line, line.length / 2);
        }
        counters.add("host detach", 1);
        link.detach(partial);
    }

    public void attach() throws IOException {
        link.attach();
    }

    public long nextSequence() {
        synchronized (this) {
            return ++sequence;
        }
    }

    /** A line over the agent's 8 MiB limit; returns false if no agent is connected. */
    public boolean injectOversizedLine() throws IOException {
        byte[] huge = new byte[OVERSIZED_LINE_BYTES + 1];
        Arrays.fill(huge, (byte) 'x');
        huge[0] = '{';
        huge[huge.length - 1] = '\n';
        return link.inject(huge, "oversized line (9 MiB)");
    }

    public boolean injectInvalidUtf8() throws IOException {
        return link.inject(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '{', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, '}', '\n'}, "invalid UTF-8")
                && link.inject(("{\"type\":\"signed\",\"payload\":\"" + "\u00e9" + "\"}\n").getBytes(StandardCharsets.ISO_8859_1),
                        "invalid UTF-8");
    }

    /** A validly signed message of a type the agent does not know (it must be ignored). */
    public boolean injectUnknownType() throws IOException {
        return injectLine(signed("{\"type\":\"FaultInjectedUnknownType\",\"id\":\"" + UUID.randomUUID() + "\",\"x\":[1,2]}"),
                "unknown type");
    }

    /** Validly signed messages whose fields have the wrong JSON types. */
    public int injectWrongFieldTypes() throws IOException {
        List<String> payloads = List.of(
                "{\"type\":\"keep_alive_request\",\"sequence_number\":\"abc\",\"timestamp\":5}",
                "{\"type\":\"SafeCommand\",\"id\":42,\"command_type\":[\"x\"],\"params\":\"no\",\"timeout\":\"soon\"}",
                "{\"type\":\"UnsafeCommand\",\"id\":{\"a\":1},\"raw_command\":7,\"timeout\":-1}",
                "{\"type\":\"pending_scripts_response\",\"scripts\":\"none\"}",
                "{\"type\":\"pending_scripts_response\",\"scripts\":[{\"execution_id\":5,\"script_content\":null},7,null]}",
                "{\"type\":7}",
                "[1,2,3]",
                "\"just a string\"");
        int n = 0;
        for (String p : payloads) {
            if (injectLine(signed(p), "wrong field types")) {
                n++;
            }
        }
        return n;
    }

    /** A correctly signed command whose payload was changed afterwards (it must not run). */
    public boolean injectTampered() throws IOException {
        String id = UUID.randomUUID().toString();
        String line = signed(HostPayloads.unsafe(id, "touch /tmp/infiniservice-tampered-" + id, 30));
        return injectLine(line.replace("touch", "tauch"), "tampered envelope");
    }

    /** A recently delivered envelope, sent again verbatim (the agent must reject it as a replay). */
    public boolean injectReplay() throws IOException {
        String recent = link.recentEnvelope(0);
        return recent != null && injectLine(recent, "replayed envelope");
    }

    /** A correctly signed keep-alive request from 10 minutes ago. */
    public boolean injectStale() throws IOException {
        long ts = System.currentTimeMillis() + host.clockOffsetMs() - 600_000;
        return injectLine(host.envelope(keepAliveRequest(nextSequence()), ts, UUID.randomUUID().toString()), "stale envelope");
    }

    /** A bare command without an envelope. */
    public boolean injectUnsigned() throws IOException {
        return injectLine(HostSimulator.safeCommand(UUID.randomUUID().toString(), "SystemInfo", 30), "unsigned command");
    }

    /** One of each bad input above; returns how many were injected. */
    public int injectEveryKind() throws IOException {
        int n = 0;
        n += injectOversizedLine() ? 1 : 0;
        n += injectInvalidUtf8() ? 2 : 0;
        n += injectUnknownType() ? 1 : 0;
        n += injectWrongFieldTypes();
        n += injectTampered() ? 1 : 0;
        n += injectReplay() ? 1 : 0;
        n += injectStale() ? 1 : 0;
        n += injectUnsigned() ? 1 : 0;
        return n;
    }

    /**
     * {@code keepAlives} keep-alive requests and the given command payloads, all signed, written in
     * one burst through the honest host (so they pass the link like any host traffic).
     */
    public void flood(int keepAlives, List<String> commandPayloads) throws IOException {
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        int k = 0;
        int c = 0;
        while (k < keepAlives || c < commandPayloads.size()) {
            // interleave: four keep-alives per command, like a host with many pending commands
            for (int i = 0; i < 4 && k < keepAlives; i++, k++) {
                burst.writeBytes((signed(keepAliveRequest(nextSequence())) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (c < commandPayloads.size()) {
                burst.writeBytes((signed(commandPayloads.get(c++)) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        host.sendBytes(burst.toByteArray());
        counters.add("flood keep-alive requests", keepAlives);
        counters.add("flood commands", commandPayloads.size());
    }

    public static String keepAliveRequest(long sequence) {
        return "{\"type\":\"keep_alive_request\",\"sequence_number\":" + sequence + ",\"timestamp\":\""
                + java.time.Instant.now() + "\"}";
    }

    private String signed(String payload) {
        return host.envelope(payload, System.currentTimeMillis() + host.clockOffsetMs(), UUID.randomUUID().toString());
    }

    private boolean injectLine(String line, String kind) throws IOException {
        return link.inject((line + "\n").getBytes(StandardCharsets.UTF_8), kind);
    }

    @Override
    public void close() throws IOException {
        link.close();
        host.close();
    }
}
