package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.CleanupOutcome;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * DiskCleanup, CleanTemporaryFiles and AutoOptimizeDisk (CONTRACT §8.5.9). {@code success} = at
 * least one target succeeded; the others are listed in {@code errors} and the partial result is kept.
 */
public final class CleanupActions implements SafeActionExecutor {
    static final List<String> DEFAULT_TARGETS = List.of("temp_files", "browser_cache", "system_cache", "recycle_bin");
    private static final Map<String, String> ALIASES = Map.of("temp-files", "temp_files", "temp", "temp_files",
            "cache", "system_cache", "browser-cache", "browser_cache", "recycle-bin", "recycle_bin", "trash",
            "recycle_bin");
    private static final double MIB = 1024.0 * 1024;

    private final CleanupTargets targets;

    public CleanupActions(CleanupTargets targets) {
        this.targets = targets;
    }

    @Override
    public Set<String> actions() {
        return Set.of("DiskCleanup", "CleanTemporaryFiles", "AutoOptimizeDisk");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "DiskCleanup":
                    return cleanup(requested(request, defaults()), request.deadline());
                case "CleanTemporaryFiles":
                    return cleanup(requested(request, List.of("temp_files")), request.deadline());
                default:
                    return autoOptimize(request.deadline());
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
    }

    private List<String> defaults() {
        List<String> d = new ArrayList<>();
        for (String t : DEFAULT_TARGETS) {
            if (targets.supported().contains(t)) {
                d.add(t);
            }
        }
        return d;
    }

    private List<String> requested(ActionRequest request, List<String> dflt) throws InvalidParameterException {
        Optional<List<String>> asked = Params.strings(request.parameters(), "targets");
        if (asked.isEmpty() || asked.get().isEmpty()) {
            return dflt;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : asked.get()) {
            String t = raw.trim().toLowerCase(Locale.ROOT);
            t = ALIASES.getOrDefault(t, t);
            if (!targets.supported().contains(t)) {
                throw new InvalidParameterException("targets", "unknown target '" + raw + "' (known: "
                        + targets.supported() + ")");
            }
            out.add(t);
        }
        return new ArrayList<>(out);
    }

    /** Runs the targets and builds the §8.5.9 object; shared with maintenance. */
    ActionResult cleanup(List<String> selected, Deadline deadline) throws InterruptedException {
        List<Json> ops = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        long bytes = 0;
        long files = 0;
        int succeeded = 0;
        StringBuilder stdout = new StringBuilder();
        for (String t : selected) {
            CleanupOutcome o = targets.clean(t, deadline);
            processed.add(t);
            ops.add(JsonObject.builder().put("target", t).put("success", o.success())
                    .put("space_cleared_mb", Results.round1(o.bytesFreed() / MIB)).put("files_deleted", o.filesDeleted())
                    .put("error", o.error()).build());
            bytes += o.bytesFreed();
            files += o.filesDeleted();
            if (o.success()) {
                succeeded++;
                stdout.append(t).append(": ").append(o.filesDeleted()).append(" files, ")
                        .append(Results.round1(o.bytesFreed() / MIB)).append(" MB\n");
            } else {
                errors.add(t + ": " + o.error());
            }
        }
        JsonObject data = JsonObject.builder().put("drive", targets.systemDrive())
                .put("targets_processed", JsonArray.ofStrings(processed))
                .put("space_cleared_mb", Results.round1(bytes / MIB))
                .put("space_freed_gb", Results.round2(bytes / (MIB * 1024)))
                .put("files_deleted", files).put("operations", new JsonArray(ops))
                .put("errors", JsonArray.ofStrings(errors)).build();
        if (succeeded > 0 || selected.isEmpty()) {
            return new ActionResult(true, ExitCodes.OK, stdout.toString(), String.join("\n", errors), data, null);
        }
        return new ActionResult(false, ExitCodes.FAILED, stdout.toString(), String.join("\n", errors), data,
                "no cleanup target succeeded: " + String.join("; ", errors));
    }

    private ActionResult autoOptimize(Deadline deadline) throws InterruptedException {
        ActionResult r = cleanup(defaults(), deadline);
        List<Json> actions = new ArrayList<>();
        int ok = 0;
        int failed = 0;
        JsonObject data = (JsonObject) r.data();
        for (Json op : data.array("operations").orElse(JsonArray.EMPTY).items()) {
            JsonObject o = (JsonObject) op;
            boolean success = o.bool("success").orElse(false);
            ok += success ? 1 : 0;
            failed += success ? 0 : 1;
            String msg = success ? "cleared " + o.get("space_cleared_mb").filter(JsonFloat.class::isInstance)
                    .map(v -> ((JsonFloat) v).value()).orElse(0.0) + " MB"
                    : o.string("error").orElse("failed");
            actions.add(JsonObject.builder().put("action", "cleanup_" + o.string("target").orElse(""))
                    .put("success", success).put("message", msg).build());
        }
        JsonObject out = JsonObject.builder().put("actions", new JsonArray(actions)).put("succeeded", ok)
                .put("failed", failed).put("cleanup", data).build();
        return new ActionResult(r.success(), r.exitCode(), r.stdout(), r.stderr(), out, r.error());
    }
}
