package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.agent.InboundProcessor;
import org.infinibay.infiniservice.application.service.auth.EnvelopeVerifier;
import org.infinibay.infiniservice.application.service.auth.RejectionReporter;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
import org.infinibay.infiniservice.application.service.command.CommandService;
import org.infinibay.infiniservice.application.service.command.ResponseFactory;
import org.infinibay.infiniservice.application.service.command.SafeActionRegistry;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.it.Tmpfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher makes the envelope's nonce durable (fdatasync) before anything that can change
 * the guest runs, and leaves effect-free messages to the replay store's delayed flush (§4.5).
 * One ordered trace records the state store's calls and every dispatch.
 */
class InboundDurabilityTest {
    private static final String SECRET = "8c795cdb96374e158cec21313bb2acae569823cd922e02ddd0784f081737ecdd";
    private static final String APPEND = "appendUnsynced replay-cache.txt";
    private static final String SYNC = "sync replay-cache.txt";

    @TempDir
    Path dir;

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final JacksonJsonCodec codec = new JacksonJsonCodec();
    private final long now = System.currentTimeMillis();
    private CapturingTimer replayTimer;
    private InboundProcessor inbound;
    private ReplayStore replay;
    private OutboundQueue queue;

    @BeforeEach
    void wire() {
        AgentClock clock = new AgentClock() {
            @Override
            public long nowMillis() {
                return now;
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
        replayTimer = new CapturingTimer();
        replay = new ReplayStore(new RecordingStateStore(new FileStateStore(dir.resolve("state")), trace),
                1000, replayTimer);
        EnvelopeVerifier verifier = new EnvelopeVerifier(SharedSecret.fromConfigured(SECRET), clock, replay);
        queue = new OutboundQueue(codec, clock, new RetainedSpool(new FileStateStore(dir.resolve("spool"))));
        SafeActionExecutor actions = new SafeActionExecutor() {
            @Override
            public Set<String> actions() {
                return Set.of("SystemInfo", "ProcessList", "ServiceControl", "ProcessKill");
            }

            @Override
            public ActionResult execute(ActionRequest request) {
                return ActionResult.ok(JsonObject.EMPTY);
            }
        };
        CommandService commands = new CommandService(new SafeActionRegistry(() -> Set.of(actions)),
                (c, d) -> ActionResult.ok(JsonObject.EMPTY), new ResponseFactory(codec, true), queue,
                new RecordingWorkers(trace), new CapturingTimer(), clock, () -> trace.add("metrics now"),
                PolicyEvaluator.permissive(), Optional::empty, r -> { });
        PendingScriptsHandler scripts = new PendingScriptsHandler() {
            @Override
            public void requestPendingScripts() {
            }

            @Override
            public void onPendingScriptsResponse(JsonArray s) {
                trace.add("scripts queued");
            }

            @Override
            public void shutdown() {
            }
        };
        inbound = new InboundProcessor(verifier, replay, new RejectionReporter(queue, clock), commands, scripts,
                () -> trace.add("metrics now"), m -> trace.add("send " + m.type()), Lockdown.NONE);
    }

    /** What handling one signed line added to the trace. */
    private List<String> handle(String payload) {
        int before = trace.size();
        String nonce = UUID.randomUUID().toString();
        String sig = HmacSigner.sign(SharedSecret.fromConfigured(SECRET).orElseThrow(), 1, now, nonce, payload);
        inbound.handleLine(codec.write(JsonObject.builder().put("type", "signed").put("v", 1).put("ts", now)
                .put("nonce", nonce).put("payload", payload).put("sig", sig).build()));
        return List.copyOf(trace.subList(before, trace.size()));
    }

    private static String safe(String action) {
        return "{\"type\":\"SafeCommand\",\"id\":\"" + UUID.randomUUID() + "\",\"command_type\":{\"action\":\""
                + action + "\"},\"timeout\":30}";
    }

    @Test
    void effectFreeMessagesAreDispatchedWithoutAnFdatasync() {
        assertEquals(List.of(APPEND, "send keep_alive"), handle("{\"type\":\"keep_alive_request\",\"sequence_number\":1}"));
        assertEquals(List.of(APPEND), handle("{\"type\":\"keep_alive_response\",\"sequence_number\":1}"));
        assertEquals(List.of(APPEND, "metrics now"), handle("{\"type\":\"Metrics\"}"));
        assertEquals(List.of(APPEND, "worker task"), handle(safe("SystemInfo")));
        assertEquals(List.of(APPEND, "worker task"), handle(safe("systeminfo")), "resolved like the dispatcher");
        assertEquals(List.of(APPEND, "worker task"), handle(safe("ProcessList")));
        assertEquals(List.of(APPEND), handle("{\"type\":\"SomethingNew\"}"));
        assertEquals(1, replayTimer.pending(), "one delayed flush covers them all");
        replayTimer.runScheduled();
        assertEquals(SYNC, trace.get(trace.size() - 1));
    }

    @Test
    void anythingThatCanChangeTheGuestIsSyncedBeforeItIsDispatched() {
        assertEquals(List.of(APPEND, SYNC, "worker task"), handle(safe("ServiceControl")));
        assertEquals(List.of(APPEND, SYNC, "worker task"), handle(safe("ProcessKill")));
        assertEquals(List.of(APPEND, SYNC, "worker task"), handle("{\"type\":\"UnsafeCommand\",\"id\":\""
                + UUID.randomUUID() + "\",\"raw_command\":\"true\",\"shell\":\"bash\",\"timeout\":30}"));
        assertEquals(List.of(APPEND, SYNC, "scripts queued"),
                handle("{\"type\":\"pending_scripts_response\",\"scripts\":[]}"));
        // not known to be read-only: an unknown action is answered at once, but synced all the same
        assertEquals(List.of(APPEND, SYNC), handle(safe("NoSuchAction")));
        // a keep-alive after them is not synced again
        assertEquals(List.of(APPEND, "send keep_alive"), handle("{\"type\":\"keep_alive_request\",\"sequence_number\":2}"));
    }

    /**
     * Issue #13 item 3(a): on a full state directory a signed state-changing command ran although its
     * nonce could not be stored. Now it is refused (a prompt success:false response, nothing runs),
     * scripts are not started (an agent_event says why), read-only messages still run, and once the
     * directory has space again everything runs as before.
     */
    @Test
    void aStateChangingMessageWhoseNonceCannotBeStoredIsRefused() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(dir.resolve("state"), "64k")) {
            assertEquals(List.of(APPEND, SYNC, "worker task"), handle(safe("ServiceControl")));
            fs.fill();
            boolean failing = false;
            for (int i = 0; i < 200 && !failing; i++) { // the replay file's last page fills up first
                assertTrue(handle("{\"type\":\"keep_alive_request\",\"sequence_number\":" + i + "}")
                        .contains("send keep_alive"), "effect-free messages still run");
                failing = !replay.sync();
            }
            assertTrue(failing, "the replay file hit the full filesystem");

            for (String payload : List.of(safe("ServiceControl"), safe("NoSuchAction"), "{\"type\":\"UnsafeCommand\","
                    + "\"id\":\"" + UUID.randomUUID() + "\",\"raw_command\":\"true\",\"shell\":\"bash\",\"timeout\":30}")) {
                int queued = queue.size();
                List<String> t = handle(payload);
                assertFalse(t.contains("worker task"), payload + " must not run: " + t);
                assertEquals(queued + 1, queue.size(), "one prompt response for " + payload);
            }
            List<String> scripts = handle("{\"type\":\"pending_scripts_response\",\"scripts\":[]}");
            assertFalse(scripts.contains("scripts queued"));
            assertTrue(scripts.contains("send agent_event"), "an agent_event says why");
            assertTrue(handle(safe("SystemInfo")).contains("worker task"), "read-only actions still run");

            fs.free();
            List<String> again = handle(safe("ServiceControl"));
            assertTrue(again.contains("worker task"), "runs once the nonce can be stored: " + again);
            assertTrue(again.contains("write replay-cache.txt"), "the replay file was rewritten whole: " + again);
        }
    }
}
