package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.AntivirusInspector;
import org.infinibay.infiniservice.application.port.out.os.AntivirusStatus;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ScanOutcome;
import org.infinibay.infiniservice.application.port.out.os.ThreatRecord;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * CheckWindowsDefender / GetDefenderStatus, RunDefenderQuickScan, GetThreatHistory and
 * AutoFixDefender (CONTRACT §8.5.6, §8.5.9) over the guest's {@link AntivirusInspector}, plus its
 * health check (§8.5.8, named by the inspector).
 */
public final class AntivirusActions implements SafeActionExecutor {
    static final int OUTDATED_AFTER_DAYS = 7;
    static final int RECENT_THREATS = 50;
    /** The scan stops this long before the command deadline so our "Running" reply precedes the generic 124. */
    static final long SCAN_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AntivirusInspector antivirus;
    private final AgentClock clock;

    public AntivirusActions(AntivirusInspector antivirus, AgentClock clock) {
        this.antivirus = antivirus;
        this.clock = clock;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckWindowsDefender", "GetDefenderStatus", "RunDefenderQuickScan", "GetThreatHistory",
                "AutoFixDefender");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "RunDefenderQuickScan":
                    return quickScan(request.deadline());
                case "GetThreatHistory": {
                    List<ThreatRecord> threats = antivirus.threats(request.deadline());
                    return ActionResult.ok(JsonObject.builder().put("threats", threats(threats, Integer.MAX_VALUE))
                            .put("count", Math.min(threats.size(), UpdateAgentActions.MAX_ITEMS)).build(),
                            threats.size() + " threats recorded");
                }
                case "AutoFixDefender":
                    return Remediation.result(antivirus.repair(request.deadline()));
                default: {
                    JsonObject status = status(request.deadline());
                    return ActionResult.ok(status, summary(status));
                }
            }
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    /** The §8.5.6 status object, every key present. */
    public JsonObject status(Deadline deadline) throws OsOperationException, InterruptedException {
        AntivirusStatus s = antivirus.status(deadline);
        List<ThreatRecord> threats;
        try {
            threats = antivirus.threats(deadline);
        } catch (OsOperationException e) {
            threats = List.of(); // the history is an addition: the status stands without it
        }
        return toJson(s, threats, clock.nowMillis());
    }

    static JsonObject toJson(AntivirusStatus s, List<ThreatRecord> threats, long nowMillis) {
        Integer age = s.signatureAgeDays();
        if (age == null && s.signatureUpdatedMillis() != null) {
            age = (int) Math.max(0, (nowMillis - s.signatureUpdatedMillis()) / 86_400_000L);
        }
        boolean outdated = age != null && age > OUTDATED_AFTER_DAYS;
        String updated = s.signatureUpdatedMillis() == null ? null : Timestamps.format(s.signatureUpdatedMillis());
        long quarantined = threats.stream().filter(ThreatRecord::contained).count();
        List<Json> scans = new ArrayList<>();
        if (s.lastQuickScanMillis() != null) {
            scans.add(scan("Quick", s.lastQuickScanMillis()));
        }
        if (s.lastFullScanMillis() != null) {
            scans.add(scan("Full", s.lastFullScanMillis()));
        }
        scans.sort((a, b) -> ((JsonObject) b).string("started_at").orElse("")
                .compareTo(((JsonObject) a).string("started_at").orElse("")));
        return JsonObject.builder().put("enabled", s.serviceEnabled() && s.antivirusEnabled())
                .put("antivirus_enabled", s.antivirusEnabled()).put("antispyware_enabled", s.antispywareEnabled())
                .put("real_time_protection", s.realTimeProtection()).put("signature_version", s.signatureVersion())
                .put("antivirus_signature_version", s.signatureVersion()).put("engine_version", s.engineVersion())
                .put("signature_last_updated", updated).put("last_signature_update", updated)
                .put("last_definition_update", updated)
                .put("signature_age_days", age == null ? null : Json.of((long) age))
                .put("definitions_outdated", outdated)
                .put("last_quick_scan", s.lastQuickScanMillis() == null ? null
                        : Timestamps.format(s.lastQuickScanMillis()))
                .put("last_full_scan", s.lastFullScanMillis() == null ? null
                        : Timestamps.format(s.lastFullScanMillis()))
                .put("threats_detected", threats.size()).put("threats_quarantined", quarantined)
                .put("scan_history", new JsonArray(scans)).put("recent_threats", threats(threats, RECENT_THREATS))
                .build();
    }

    private static JsonObject scan(String type, long startedMillis) {
        // the inspector keeps no per-scan threat count; 0 is "none attributed to this scan" (the threats are listed apart).
        return JsonObject.builder().put("scan_type", type).put("started_at", Timestamps.format(startedMillis))
                .put("threats_found", 0).build();
    }

    static JsonArray threats(List<ThreatRecord> threats, int limit) {
        List<Json> out = new ArrayList<>();
        for (ThreatRecord t : threats) {
            if (out.size() >= Math.min(limit, UpdateAgentActions.MAX_ITEMS)) {
                break;
            }
            String at = t.detectedMillis() == null ? null : Timestamps.format(t.detectedMillis());
            out.add(JsonObject.builder().put("threat_id", t.threatId()).put("threat_name", t.threatName())
                    .put("severity_id", t.severityId()).put("status", t.status()).put("detected_at", at)
                    .put("detection_time", at).build());
        }
        return new JsonArray(out);
    }

    private String summary(JsonObject s) {
        return antivirus.productName() + " " + (s.bool("enabled").orElse(false) ? "enabled" : "disabled") + ", real-time protection "
                + (s.bool("real_time_protection").orElse(false) ? "on" : "off") + ", signatures "
                + s.integer("signature_age_days").stream().mapToObj(d -> d + " days old").findFirst().orElse("of unknown age")
                + (s.bool("definitions_outdated").orElse(false) ? " (outdated)" : "");
    }

    private ActionResult quickScan(Deadline deadline) throws InterruptedException {
        long started = clock.nowMillis();
        Deadline inner = new Deadline(deadline.atNanos() - SCAN_MARGIN_NANOS, deadline.seconds());
        try {
            ScanOutcome r = antivirus.quickScan(inner);
            long durationMs = (r.completedMillis() == null ? clock.nowMillis() : r.completedMillis()) - r.startedMillis();
            JsonObject data = scanData(r.status(), r.threatsFound(), r.filesScanned(), r.startedMillis(),
                    r.completedMillis(), Math.max(0, durationMs));
            if (!r.status().equals("Completed")) {
                return ActionResult.failure(ExitCodes.FAILED, "quick scan " + r.status().toLowerCase(), data);
            }
            return ActionResult.ok(data, "quick scan completed, " + r.threatsFound() + " threats found");
        } catch (OsOperationException e) {
            long durationMs = Math.max(0, clock.nowMillis() - started);
            if (e.exitCode() == ExitCodes.TIMED_OUT) {
                JsonObject data = scanData("Running", 0, 0, started, null, durationMs);
                return new ActionResult(false, ExitCodes.TIMED_OUT, e.stdout(), e.stderr(), data,
                        "timed out after " + deadline.seconds() + " s");
            }
            return Results.failure(e, scanData("Failed", 0, 0, started, null, durationMs));
        }
    }

    static JsonObject scanData(String status, long threats, long files, long startedMillis, Long completedMillis,
                               long durationMs) {
        return JsonObject.builder().put("scan_type", "Quick").put("status", status).put("threats_found", threats)
                .put("files_scanned", files).put("scan_duration", Results.round1(durationMs / 1000.0))
                .put("scan_duration_ms", durationMs).put("started_at", Timestamps.format(startedMillis))
                .put("completed_at", completedMillis == null ? null : Timestamps.format(completedMillis)).build();
    }

    /** The antivirus check (§8.5.8): failed when disabled or real-time off, warning when signatures > 7 days. */
    public HealthCheck healthCheck() {
        return new HealthCheck() {
            @Override
            public String name() {
                return antivirus.healthCheckName();
            }

            @Override
            public Result run(Deadline deadline) throws Exception {
                JsonObject s = status(deadline);
                boolean enabled = s.bool("enabled").orElse(false);
                boolean realTime = s.bool("real_time_protection").orElse(false);
                boolean outdated = s.bool("definitions_outdated").orElse(false);
                String status = !enabled || !realTime ? "failed" : outdated ? "warning" : "passed";
                String msg = !enabled ? antivirus.productName() + " is disabled"
                        : !realTime ? "real-time protection is off"
                        : outdated ? "signatures older than " + OUTDATED_AFTER_DAYS + " days"
                        : antivirus.productName() + " is active";
                return new Result(status, msg, s);
            }
        };
    }
}
