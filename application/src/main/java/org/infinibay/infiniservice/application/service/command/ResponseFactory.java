package org.infinibay.infiniservice.application.service.command;

import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.OutputCap;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;

/** Builds {@code response} lines per CONTRACT §9 from action results. */
public final class ResponseFactory {
    /** Hard cap of any outbound line (§2.3), with room for type and timestamp. */
    public static final int MAX_LINE = 3 * 1024 * 1024 - 1024;

    private final JsonCodec codec;
    private final boolean commandTypeAction;

    public ResponseFactory(JsonCodec codec, boolean commandTypeAction) {
        this.codec = codec;
        this.commandTypeAction = commandTypeAction;
    }

    /** A safe command's response; {@code action} is null when the command had none (§9.3). */
    public Outbound.Response safe(String id, String action, ActionResult r, long elapsedMs) {
        String commandType = action != null && commandTypeAction ? action : "safe";
        Json data = r.data();
        if (data == null && action != null && (r.success() || dataOnFailure(action))) {
            // §9.1 / §8.5.3: a reader dereferences data without checking success
            data = emptyData(action);
        }
        return build(id, r, elapsedMs, commandType, data, action);
    }

    /** An unsafe command's response: {@code command_type:"unsafe"}, {@code data:null} (§10.3, P24). */
    public Outbound.Response unsafe(String id, ActionResult r, long elapsedMs) {
        return build(id, r, elapsedMs, "unsafe", null, null);
    }

    private Outbound.Response build(String id, ActionResult r, long elapsedMs, String commandType, Json data,
                                    String action) {
        OutputCap.Capped out = OutputCap.cap(r.stdout());
        OutputCap.Capped err = OutputCap.cap(r.stderr());
        JsonObject body = body(id, r.success(), r.exitCode(), out.text(), err.text(), elapsedMs, commandType, data,
                r.error());
        String json = codec.write(body); // the queue uses it as is: one serialisation per response
        if (json.length() > MAX_LINE) {
            // last resort of §2.3: no data, a failure the host can read
            Json shrunk = action != null && dataOnFailure(action) ? emptyData(action) : null;
            String stdout = out.text().length() > 64 * 1024 ? out.text().substring(0, 64 * 1024) : out.text();
            body = body(id, false, r.success() ? ExitCodes.FAILED : r.exitCode(), stdout, "response too large",
                    elapsedMs, commandType, shrunk, "response too large");
            json = null;
        }
        return new Outbound.Response(body, json);
    }

    private static JsonObject body(String id, boolean success, int exitCode, String stdout, String stderr,
                                   long elapsedMs, String commandType, Json data, String error) {
        return JsonObject.builder()
                .put("id", id)
                .put("success", success)
                .put("exit_code", exitCode)
                .put("stdout", stdout)
                .put("stderr", stderr)
                .put("execution_time_ms", Math.max(0, elapsedMs))
                .put("command_type", commandType)
                .put("data", data)
                .put("error", success ? null : error)
                .build();
    }

    /** §8.5.3: ProcessList, ProcessTop and ProcessKill never answer {@code data:null} (exact names). */
    private static boolean dataOnFailure(String action) {
        Optional<SafeAction> a = SafeAction.named(action); // no Optional.map lambda per response
        return a.isPresent() && a.get().dataOnFailure();
    }

    private static Json emptyData(String action) {
        Optional<SafeAction> a = SafeAction.named(action);
        return a.isPresent() && a.get().arrayData() ? JsonArray.EMPTY : JsonObject.EMPTY;
    }
}
