package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.service.command.CommandService;
import org.infinibay.infiniservice.application.service.command.ResponseFactory;
import org.infinibay.infiniservice.application.service.command.SafeActionRegistry;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command id seen in the last 5 minutes never runs again (CONTRACT §8.6); older ids are forgotten. */
class CommandIdMemoryTest {
    @TempDir
    Path dir;

    @Test
    void idsAreRememberedForFiveMinutesEachAndThenForgotten() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        AgentClock clock = new AgentClock() {
            @Override
            public long nowMillis() {
                return 1_700_000_000_000L;
            }

            @Override
            public long monotonicNanos() {
                return nanos.get();
            }
        };
        List<String> trace = new CopyOnWriteArrayList<>();
        JacksonJsonCodec codec = new JacksonJsonCodec();
        OutboundQueue queue = new OutboundQueue(codec, clock, new RetainedSpool(new FileStateStore(dir)));
        SafeActionExecutor info = new SafeActionExecutor() {
            @Override
            public Set<String> actions() {
                return Set.of("SystemInfo");
            }

            @Override
            public ActionResult execute(ActionRequest request) {
                return ActionResult.ok(JsonObject.EMPTY);
            }
        };
        CommandService commands = new CommandService(new SafeActionRegistry(() -> Set.of(info)),
                (c, d) -> ActionResult.ok(JsonObject.EMPTY), new ResponseFactory(codec, true), queue,
                new RecordingWorkers(trace), new CapturingTimer(), clock, () -> { }, PolicyEvaluator.permissive(),
                Optional::empty, r -> { });
        long minute = TimeUnit.MINUTES.toNanos(1);

        submit(commands, "a");
        for (int i = 0; i < 1000; i++) {
            submit(commands, "filler-" + i);
        }
        assertEquals(1001, trace.size());
        nanos.addAndGet(minute);
        submit(commands, "a");
        assertEquals(1001, trace.size(), "a duplicate within 5 minutes is answered, not run");
        nanos.addAndGet(3 * minute); // t = 4 min
        submit(commands, "b");
        nanos.addAndGet(minute + 1); // t = 5 min + 1 ns: "a" and the fillers are forgotten, "b" is not
        submit(commands, "a");
        submit(commands, "filler-999");
        submit(commands, "b");
        assertEquals(1004, trace.size());
        nanos.addAndGet(4 * minute); // t = 9 min + 1 ns: "b" (4 min) is forgotten too
        submit(commands, "b");
        submit(commands, "a");
        assertEquals(1005, trace.size(), "the second 'a' (5 min) is still remembered");
    }

    private static void submit(CommandService commands, String id) {
        commands.submitSafe(new InboundMessage.SafeCommand(id, JsonObject.builder()
                .put("command_type", JsonObject.builder().put("action", "SystemInfo").build()).build(), 30));
    }
}
