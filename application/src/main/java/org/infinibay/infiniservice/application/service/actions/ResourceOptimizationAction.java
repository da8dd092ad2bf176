package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * CheckResourceOptimization (CONTRACT §8.5.8) over the samples of {@link ResourceHistory}: with less
 * than one hour of samples it says so ({@code insufficient_data}) rather than guessing (P13).
 */
public final class ResourceOptimizationAction implements SafeActionExecutor {
    static final int DEFAULT_WINDOW_DAYS = 7;
    static final long MIN_SPAN_MS = 3_600_000L;

    private final ResourceHistory history;
    private final AgentClock clock;

    public ResourceOptimizationAction(ResourceHistory history, AgentClock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckResourceOptimization");
    }

    @Override
    public ActionResult execute(ActionRequest request) {
        long days;
        try {
            days = Params.integer(request.parameters(), "evaluation_window_days").orElse(DEFAULT_WINDOW_DAYS);
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        if (days < 1 || days > DEFAULT_WINDOW_DAYS) {
            days = DEFAULT_WINDOW_DAYS; // only 7 days are retained
        }
        JsonObject data = evaluate((int) days);
        return ActionResult.ok(data, "status " + data.string("status").orElse("") + ", "
                + data.integer("samples").orElse(0) + " samples");
    }

    /** The §8.5.8 evaluation; also the {@code resource_optimization} health check's input. */
    JsonObject evaluate(int days) {
        long now = clock.nowMillis();
        List<ResourceHistory.Sample> samples = history.window(now, days * 86_400_000L);
        JsonObject.Builder out = JsonObject.builder();
        long span = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).epochMillis() - samples.get(0).epochMillis();
        if (span < MIN_SPAN_MS) {
            return out.put("status", "optimal").put("evaluation_window_days", days).put("samples", samples.size())
                    .put("recommendations", JsonArray.EMPTY).put("cpu_optimization_available", false)
                    .put("memory_optimization_available", false).put("disk_optimization_available", false)
                    .put("insufficient_data", true).build();
        }
        ResourceHistory.Capacity cap = history.capacity();
        double cpuP95 = p95(samples.stream().mapToDouble(ResourceHistory.Sample::cpuPercent).toArray());
        double memP95 = p95(samples.stream().mapToDouble(ResourceHistory.Sample::memoryUsedPercent).toArray());
        String period = " over " + days + " days";
        List<Json> recs = new ArrayList<>();
        boolean cpu = false;
        boolean mem = false;
        boolean disk = false;
        int cpus = cap.logicalCpus();
        if (cpus > 2 && cpuP95 < 20) {
            cpu = true;
            recs.add(rec("cpu", cpus, (cpus + 1) / 2, "vCPU",
                    "p95 CPU use " + Math.round(cpuP95) + "%" + period, 100 - 100.0 * ((cpus + 1) / 2) / cpus));
        } else if (cpus > 0 && cpuP95 > 85) {
            cpu = true;
            recs.add(rec("cpu", cpus, (int) Math.ceil(cpus * 1.5), "vCPU",
                    "p95 CPU use " + Math.round(cpuP95) + "%" + period, 0));
        }
        long memMb = cap.memoryTotalKb() / 1024;
        if (memMb > 0 && memP95 < 40) {
            mem = true;
            long recommended = Math.max(1, Math.round(memMb * memP95 / 100.0 * 2));
            recs.add(rec("memory", memMb, recommended, "MB", "p95 memory use " + Math.round(memP95) + "%" + period,
                    100 - 100.0 * recommended / memMb));
        } else if (memMb > 0 && memP95 > 90) {
            mem = true;
            recs.add(rec("memory", memMb, Math.round(memMb * 1.5), "MB",
                    "p95 memory use " + Math.round(memP95) + "%" + period, 0));
        }
        ResourceHistory.Sample latest = samples.get(samples.size() - 1);
        for (Map.Entry<String, Double> d : latest.diskUsedPercent().entrySet()) {
            if (d.getValue() >= 90) {
                disk = true;
                long totalGb = Math.round(cap.diskTotalBytes().getOrDefault(d.getKey(), 0L) / 1073741824.0);
                recs.add(JsonObject.builder().put("resource", "disk").put("volume", d.getKey())
                        .put("current_value", totalGb).put("recommended_value", Math.round(totalGb * 1.5))
                        .put("unit", "GB").put("reason", d.getKey() + " is " + Math.round(d.getValue()) + "% used")
                        .put("potential_savings_percent", 0).build());
            }
        }
        return out.put("status", recs.isEmpty() ? "optimal" : "suboptimal").put("evaluation_window_days", days)
                .put("samples", samples.size()).put("recommendations", new JsonArray(recs))
                .put("cpu_optimization_available", cpu).put("memory_optimization_available", mem)
                .put("disk_optimization_available", disk).put("insufficient_data", false)
                .put("cpu_p95_percent", Results.round1(cpuP95)).put("memory_p95_percent", Results.round1(memP95))
                .build();
    }

    private static JsonObject rec(String resource, long current, long recommended, String unit, String reason,
                                  double savings) {
        return JsonObject.builder().put("resource", resource).put("current_value", current)
                .put("recommended_value", recommended).put("unit", unit).put("reason", reason)
                .put("potential_savings_percent", Math.max(0, Math.round(savings))).build();
    }

    static double p95(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int idx = (int) Math.ceil(0.95 * v.length) - 1;
        return v[Math.max(0, Math.min(idx, v.length - 1))];
    }
}
