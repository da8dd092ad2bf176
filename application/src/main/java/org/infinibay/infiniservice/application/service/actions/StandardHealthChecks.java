package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;

/** The cross-platform checks of the §8.5.8 table. */
public final class StandardHealthChecks {
    private StandardHealthChecks() {
    }

    /** disk_space, memory, os_updates, firewall, failed_services, resource_optimization. */
    public static List<HealthCheck> all(SystemMetricsSource metrics, PackageUpdateActions updates, FirewallInspector firewall,
                                        ServiceManager services, ResourceOptimizationAction optimization) {
        MaintenanceActions.UpdateStatus status = new MaintenanceActions.UpdateStatus() {
            @Override
            public JsonObject status(Deadline deadline) throws Exception {
                return updates.updateStatus(deadline);
            }
        };
        return all(metrics, status, firewall, services, optimization);
    }

    /** The same checks with the OS's update-status object from any source (Windows: the update agent). */
    public static List<HealthCheck> all(SystemMetricsSource metrics, MaintenanceActions.UpdateStatus updates,
                                        FirewallInspector firewall, ServiceManager services,
                                        ResourceOptimizationAction optimization) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(diskSpace(metrics));
        checks.add(memory(metrics));
        checks.add(osUpdates(updates));
        checks.add(firewall(firewall));
        checks.add(failedServices(services));
        checks.add(resourceOptimization(optimization));
        return checks;
    }

    /**
     * One check: its body runs by {@link #kind}. No lambda per check: the checks are made when the
     * safe-action set is built (on the host's first command, usually SystemInfo), and one lambda would
     * load the lambda machinery for the agent's life.
     */
    private static final class Check implements HealthCheck {
        private static final int DISK = 0;
        private static final int MEMORY = 1;
        private static final int UPDATES = 2;
        private static final int FIREWALL = 3;
        private static final int SERVICES = 4;
        private static final int OPTIMIZATION = 5;

        private final String name;
        private final int kind;
        private final Object port;

        Check(String name, int kind, Object port) {
            this.name = name;
            this.kind = kind;
            this.port = port;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Result run(Deadline deadline) throws Exception {
            switch (kind) {
                case DISK:
                    return diskSpace((SystemMetricsSource) port, deadline);
                case MEMORY:
                    return memory((SystemMetricsSource) port, deadline);
                case UPDATES:
                    return osUpdates((MaintenanceActions.UpdateStatus) port, deadline);
                case FIREWALL:
                    return firewall((FirewallInspector) port, deadline);
                case SERVICES:
                    return failedServices((ServiceManager) port, deadline);
                default:
                    return resourceOptimization((ResourceOptimizationAction) port, deadline);
            }
        }
    }

    static HealthCheck diskSpace(SystemMetricsSource metrics) {
        return new Check("disk_space", Check.DISK, metrics);
    }

    private static HealthCheck.Result diskSpace(SystemMetricsSource metrics, Deadline d) throws Exception {
        List<DiskUsage> disks = metrics.sample().disks();
        String status = "passed";
        List<Json> vols = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (DiskUsage u : disks) {
            String level = DiskSpaceAction.level(u.usedPercent(), DiskSpaceAction.WARNING, DiskSpaceAction.CRITICAL);
            if (level.equals("critical")) {
                status = "failed";
            } else if (level.equals("warning") && status.equals("passed")) {
                status = "warning";
            }
            if (!level.equals("ok")) {
                notes.add(u.mountPoint() + " " + Math.round(u.usedPercent()) + "% used");
            }
            vols.add(JsonObject.builder().put("mount_point", u.mountPoint())
                    .put("used_percent", Results.round1(u.usedPercent())).put("status", level).build());
        }
        String msg = notes.isEmpty() ? "all volumes below 80%" : String.join(", ", notes);
        return new HealthCheck.Result(status, msg, JsonObject.builder().put("volumes", new JsonArray(vols)).build());
    }

    static HealthCheck memory(SystemMetricsSource metrics) {
        return new Check("memory", Check.MEMORY, metrics);
    }

    private static HealthCheck.Result memory(SystemMetricsSource metrics, Deadline d) throws Exception {
        MemoryMetrics m = metrics.sample().memory();
        double avail = m.totalKb() <= 0 ? 100 : 100.0 * m.availableKb() / m.totalKb();
        String status = avail < 5 ? "failed" : avail < 10 ? "warning" : "passed";
        return new HealthCheck.Result(status, Math.round(avail) + "% available", JsonObject.builder()
                .put("total_kb", m.totalKb()).put("available_kb", m.availableKb())
                .put("available_percent", Results.round1(avail)).build());
    }

    static HealthCheck osUpdates(MaintenanceActions.UpdateStatus updates) {
        return new Check("os_updates", Check.UPDATES, updates);
    }

    private static HealthCheck.Result osUpdates(MaintenanceActions.UpdateStatus updates, Deadline d) throws Exception {
        JsonObject s = updates.status(d);
        long security = s.integer("security_count").orElse(0) + s.integer("critical_count").orElse(0);
        boolean reboot = s.bool("reboot_required").orElse(false);
        long pending = s.integer("pending_count").orElse(0);
        String status = security > 0 || reboot ? "warning" : "passed";
        String msg = pending + " updates pending, " + security + " security" + (reboot ? ", reboot required" : "");
        return new HealthCheck.Result(status, msg, JsonObject.builder().put("pending_count", pending)
                .put("security_count", security).put("reboot_required", reboot)
                .put("package_manager", s.get("package_manager").orElse(Json.of(""))).build());
    }

    static HealthCheck firewall(FirewallInspector firewall) {
        return new Check("firewall", Check.FIREWALL, firewall);
    }

    private static HealthCheck.Result firewall(FirewallInspector firewall, Deadline d) throws Exception {
        FirewallStatus f = firewall.inspect(d);
        return new HealthCheck.Result(f.enabled() ? "passed" : "warning",
                f.enabled() ? f.type() + " is active" : "no active firewall",
                FirewallActions.toJson(f));
    }

    static HealthCheck failedServices(ServiceManager services) {
        return new Check("failed_services", Check.SERVICES, services);
    }

    private static HealthCheck.Result failedServices(ServiceManager services, Deadline d) throws Exception {
        if (!services.available()) {
            return new HealthCheck.Result("passed", "service manager not available",
                    JsonObject.builder().put("supported", false).put("failed", JsonArray.EMPTY).build());
        }
        List<String> failed = services.failed(d);
        return new HealthCheck.Result(failed.isEmpty() ? "passed" : "warning",
                failed.isEmpty() ? "no failed services" : failed.size() + " failed: " + String.join(", ",
                        failed.subList(0, Math.min(10, failed.size()))),
                JsonObject.builder().put("failed", JsonArray.ofStrings(failed)).put("count", failed.size()).build());
    }

    static HealthCheck resourceOptimization(ResourceOptimizationAction optimization) {
        return new Check("resource_optimization", Check.OPTIMIZATION, optimization);
    }

    private static HealthCheck.Result resourceOptimization(ResourceOptimizationAction optimization, Deadline d)
            throws Exception {
        JsonObject r = optimization.evaluate(ResourceOptimizationAction.DEFAULT_WINDOW_DAYS);
        boolean suboptimal = r.string("status").orElse("").equals("suboptimal");
        String msg = r.bool("insufficient_data").orElse(false) ? "insufficient data (less than 1 h of samples)"
                : suboptimal ? "resources are not sized to their use" : "resources match their use";
        return new HealthCheck.Result(suboptimal ? "warning" : "passed", msg, r);
    }
}
