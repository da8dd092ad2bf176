package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;

/**
 * CheckDiskSpace (CONTRACT §8.5.8). Thresholds are <b>used</b> percentages (pitfall P12); the data
 * never carries {@code check_name}, which would change how the host parses it.
 */
public final class DiskSpaceAction implements SafeActionExecutor {
    static final double WARNING = 80;
    static final double CRITICAL = 90;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final SystemMetricsSource metrics;

    public DiskSpaceAction(SystemMetricsSource metrics) {
        this.metrics = metrics;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckDiskSpace");
    }

    @Override
    public ActionResult execute(ActionRequest request) {
        double warning;
        double critical;
        try {
            warning = Params.number(request.parameters(), "warning_threshold").orElse(WARNING);
            critical = Params.number(request.parameters(), "critical_threshold").orElse(CRITICAL);
            if (warning <= 0 || warning > 100 || critical <= 0 || critical > 100) {
                throw new InvalidParameterException("warning_threshold", "thresholds must be within 1-100 (used %)");
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        List<DiskUsage> disks = metrics.sample().disks();
        List<Json> drives = new ArrayList<>();
        List<Json> volumes = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (DiskUsage d : disks) {
            double used = Results.round1(d.usedPercent());
            String status = level(d.usedPercent(), warning, critical);
            drives.add(JsonObject.builder().put("drive", d.mountPoint()).put("drive_letter", d.mountPoint())
                    .put("label", d.filesystem()).put("total_gb", gb(d.totalBytes())).put("used_gb", gb(d.usedBytes()))
                    .put("free_gb", gb(d.availableBytes())).put("used_percent", used).put("status", status).build());
            volumes.add(JsonObject.builder().put("mount_point", d.mountPoint()).put("total_gb", gb(d.totalBytes()))
                    .put("used_gb", gb(d.usedBytes())).put("available_gb", gb(d.availableBytes()))
                    .put("usage_percent", used).build());
            if (!status.equals("ok")) {
                summary.append(status.toUpperCase(java.util.Locale.ROOT)).append(": ").append(d.mountPoint())
                        .append(" is ").append(used).append("% used\n");
            }
        }
        if (summary.length() == 0) {
            summary.append("all ").append(disks.size()).append(" volumes below ").append((long) warning)
                    .append("% used\n");
        }
        JsonObject data = JsonObject.builder().put("drives", new JsonArray(drives)).put("disks", new JsonArray(volumes))
                .build();
        return ActionResult.ok(data, summary.toString());
    }

    static String level(double usedPercent, double warning, double critical) {
        if (usedPercent >= critical) {
            return "critical";
        }
        return usedPercent >= warning ? "warning" : "ok";
    }

    static double gb(long bytes) {
        return Results.round2(bytes / GIB);
    }
}
