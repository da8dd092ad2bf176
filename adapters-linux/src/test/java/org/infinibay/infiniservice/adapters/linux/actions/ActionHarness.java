package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.exec.LinuxProcessLauncher;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** Builds requests in the host's exact wire form and wires the real execution engine. */
final class ActionHarness {
    static final ExecutionEngine ENGINE = new ExecutionEngine(new LinuxProcessLauncher(UserDirectory.NONE),
            System::getenv, AgentClock.SYSTEM);
    static final Commands COMMANDS = new Commands(ENGINE, Programs.system());

    private ActionHarness() {
    }

    /** {@code command_type} = {@code {"action": action, k1: v1, ...}}; values may be null (JSON null). */
    static ActionRequest request(String action, long timeoutSeconds, Object... kv) {
        return request(action, timeoutSeconds, null, kv);
    }

    static ActionRequest request(String action, long timeoutSeconds, ActionRequest.ReplyWritten reply, Object... kv) {
        JsonObject.Builder b = JsonObject.builder().put("action", action);
        for (int i = 0; i < kv.length; i += 2) {
            b.put((String) kv[i], json(kv[i + 1]));
        }
        return new ActionRequest("cmd-1", action, new ActionParameters(b.build(), null),
                Deadline.forWireTimeout(System.nanoTime(), timeoutSeconds), reply == null ? (t, u) -> true : reply);
    }

    static ActionRequest withCommandType(String action, JsonObject commandType, JsonObject topParams, long timeout) {
        return new ActionRequest("cmd-2", action, new ActionParameters(commandType, topParams),
                Deadline.forWireTimeout(System.nanoTime(), timeout), (t, u) -> true);
    }

    @SuppressWarnings("unchecked")
    static Json json(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Json j) {
            return j;
        }
        if (v instanceof String s) {
            return Json.of(s);
        }
        if (v instanceof Boolean b) {
            return Json.of(b);
        }
        if (v instanceof Integer || v instanceof Long) {
            return Json.of(((Number) v).longValue());
        }
        if (v instanceof List<?> l) {
            return org.infinibay.infiniservice.domain.json.JsonArray.of((List<Object>) l, ActionHarness::json);
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    static Deadline deadline(long seconds) {
        return Deadline.forWireTimeout(System.nanoTime(), seconds);
    }

    /** A PowerControl that records calls instead of rebooting this machine. */
    static final class RecordingPower implements PowerControl {
        final CountDownLatch called = new CountDownLatch(1);
        volatile String call;
        volatile long calledAtNanos;
        volatile String unavailable;

        @Override
        public String unavailableReason() {
            return unavailable;
        }

        @Override
        public void reboot(boolean force) {
            record("reboot" + (force ? " --force" : ""));
        }

        @Override
        public void powerOff() throws OsOperationException {
            record("poweroff");
        }

        private void record(String what) {
            call = what;
            calledAtNanos = System.nanoTime();
            called.countDown();
        }

        boolean await(long seconds) throws InterruptedException {
            return called.await(seconds, TimeUnit.SECONDS);
        }
    }
}
