package org.infinibay.infiniservice.domain.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The safe-action catalogue of CONTRACT §8.4, with what the core needs to know of each action: the
 * one list every part of the agent reads (dispatch, replay durability, the lockdown, response data,
 * the inventory cache). Which of them a guest can run is not here: that is whichever handlers its
 * ports give it; a catalogue action without a handler answers 126 "not supported" (§8.5).
 */
public enum SafeAction {
    SERVICE_LIST("ServiceList", Trait.READ_ONLY),
    SERVICE_CONTROL("ServiceControl"),
    PACKAGE_LIST("PackageList", Trait.READ_ONLY, Trait.CACHED),
    PACKAGE_SEARCH("PackageSearch", List.of("query"), Trait.READ_ONLY, Trait.CACHED),
    PACKAGE_INSTALL("PackageInstall", Trait.CHANGES_PACKAGES),
    PACKAGE_REMOVE("PackageRemove", Trait.CHANGES_PACKAGES),
    PACKAGE_UPDATE("PackageUpdate", Trait.CHANGES_PACKAGES),
    UPDATE_SYSTEM_SOFTWARE("UpdateSystemSoftware", Trait.CHANGES_PACKAGES),
    PROCESS_LIST("ProcessList", Trait.READ_ONLY, Trait.ARRAY_DATA),
    PROCESS_TOP("ProcessTop", Trait.READ_ONLY, Trait.ARRAY_DATA),
    PROCESS_KILL("ProcessKill", Trait.DATA_ON_FAILURE),
    SYSTEM_INFO("SystemInfo", Trait.READ_ONLY, Trait.METRICS_AFTER),
    OS_INFO("OsInfo", Trait.READ_ONLY),
    USER_LIST("UserList", Trait.READ_ONLY),
    CHECK_WINDOWS_UPDATES("CheckWindowsUpdates", Trait.READ_ONLY, Trait.CACHED),
    CHECK_LINUX_UPDATES("CheckLinuxUpdates", Trait.READ_ONLY, Trait.CACHED),
    GET_PENDING_UPDATES("GetPendingUpdates", Trait.READ_ONLY),
    GET_UPDATE_HISTORY("GetUpdateHistory", Trait.READ_ONLY),
    CHECK_WINDOWS_DEFENDER("CheckWindowsDefender", Trait.READ_ONLY),
    GET_DEFENDER_STATUS("GetDefenderStatus", Trait.READ_ONLY),
    RUN_DEFENDER_QUICK_SCAN("RunDefenderQuickScan"),
    GET_THREAT_HISTORY("GetThreatHistory", Trait.READ_ONLY),
    CHECK_FIREWALL_STATUS("CheckFirewallStatus", Trait.READ_ONLY),
    GET_LINUX_FIREWALL_STATUS("GetLinuxFirewallStatus", Trait.READ_ONLY),
    CHECK_SECURITY_MODULES("CheckSecurityModules", Trait.READ_ONLY),
    GET_INSTALLED_APPLICATIONS("GetInstalledApplicationsWMI", Trait.READ_ONLY, Trait.CACHED),
    CHECK_APPLICATION_UPDATES("CheckApplicationUpdates", Trait.READ_ONLY, Trait.CACHED),
    GET_APPLICATION_DETAILS("GetApplicationDetails", Trait.READ_ONLY),
    CHECK_DISK_SPACE("CheckDiskSpace", Trait.READ_ONLY),
    CHECK_RESOURCE_OPTIMIZATION("CheckResourceOptimization", Trait.READ_ONLY),
    RUN_HEALTH_CHECK("RunHealthCheck", Trait.READ_ONLY),
    RUN_ALL_HEALTH_CHECKS("RunAllHealthChecks", Trait.READ_ONLY),
    VALIDATE_SYSTEM_HEALTH("ValidateSystemHealth", Trait.READ_ONLY),
    DISK_CLEANUP("DiskCleanup"),
    CLEAN_TEMPORARY_FILES("CleanTemporaryFiles"),
    AUTO_OPTIMIZE_DISK("AutoOptimizeDisk"),
    AUTO_FIX_WINDOWS_UPDATES("AutoFixWindowsUpdates"),
    AUTO_FIX_DEFENDER("AutoFixDefender"),
    RUN_MAINTENANCE_TASK("RunMaintenanceTask"),
    RESTART_SERVICES("RestartServices"),
    CHECK_SYSTEM_INTEGRITY("CheckSystemIntegrity", Trait.READ_ONLY),
    EXECUTE_POWERSHELL_SCRIPT("ExecutePowerShellScript"),
    PREPARE_GOLDEN_IMAGE("PrepareGoldenImage", Trait.EXCLUSIVE),
    JOIN_DOMAIN("JoinDomain", Trait.EXCLUSIVE),
    REBOOT_SYSTEM("RebootSystem", Trait.EXCLUSIVE);

    /** What the core treats differently per action. */
    private enum Trait {
        /**
         * Only looks at the guest (inventories, status, health checks) and never changes it, so running it
         * a second time is harmless: its envelope's nonce need not be synced before it runs, it still runs
         * when the nonce cannot be stored, and it is what a locked-down agent still answers
         * (CheckLinuxUpdates may refresh the package index when it is a day old; nothing installed changes).
         */
        READ_ONLY,
        /** §8.3: keeps computing after a 124 and answers the retry from a 120 s cache. */
        CACHED,
        /** Changes the installed packages: what the inventory cache keeps is stale afterwards. */
        CHANGES_PACKAGES,
        /** Nothing else runs meanwhile ("agent busy"). */
        EXCLUSIVE,
        /** {@code data} is a JSON array, never null, even on failure (§8.5.3). */
        ARRAY_DATA,
        /** {@code data} is never null, even on failure (§8.5.3). */
        DATA_ON_FAILURE,
        /** A metrics line follows the reply (§7: SystemInfo). */
        METRICS_AFTER
    }

    private static final Map<String, SafeAction> BY_NAME = new HashMap<>();

    static {
        for (SafeAction a : values()) {
            BY_NAME.put(a.wireName, a);
        }
    }

    private final String wireName;
    private final List<String> answerParameters;
    private final Set<Trait> traits;

    SafeAction(String wireName, Trait... traits) {
        this(wireName, List.of(), traits);
    }

    SafeAction(String wireName, List<String> answerParameters, Trait... traits) {
        this.wireName = wireName;
        this.answerParameters = answerParameters;
        this.traits = Set.of(traits);
    }

    /** The exact (PascalCase) name of §8.4. */
    public String wireName() {
        return wireName;
    }

    /** The catalogue action of that exact name. */
    public static Optional<SafeAction> named(String exactName) {
        return Optional.ofNullable(exactName == null ? null : BY_NAME.get(exactName));
    }

    /** Whether {@code exactName} is a catalogue action that changes nothing in the guest. */
    public static boolean isReadOnly(String exactName) {
        SafeAction a = exactName == null ? null : BY_NAME.get(exactName);
        return a != null && a.readOnly();
    }

    public boolean readOnly() {
        return traits.contains(Trait.READ_ONLY);
    }

    /** A read-only inventory whose result is kept for the host's retry (§8.3). */
    public boolean cached() {
        return traits.contains(Trait.CACHED);
    }

    /** The parameters that change a {@linkplain #cached() cached} action's answer, in a fixed order. */
    public List<String> answerParameters() {
        return answerParameters;
    }

    public boolean changesPackages() {
        return traits.contains(Trait.CHANGES_PACKAGES);
    }

    public boolean exclusive() {
        return traits.contains(Trait.EXCLUSIVE);
    }

    /** {@code data} is an array: an empty one when the handler gave none. */
    public boolean arrayData() {
        return traits.contains(Trait.ARRAY_DATA);
    }

    /** {@code data} is never null, not even on failure. */
    public boolean dataOnFailure() {
        return arrayData() || traits.contains(Trait.DATA_ON_FAILURE);
    }

    public boolean metricsAfter() {
        return traits.contains(Trait.METRICS_AFTER);
    }

    /** Every catalogue name, sorted. */
    public static Set<String> names() {
        Set<String> all = new TreeSet<>();
        for (SafeAction a : values()) {
            all.add(a.wireName);
        }
        return Collections.unmodifiableSet(all);
    }

    /** The names of the read-only actions, sorted. */
    public static List<String> readOnlyNames() {
        List<String> names = new ArrayList<>();
        for (String n : names()) {
            if (BY_NAME.get(n).readOnly()) {
                names.add(n);
            }
        }
        return List.copyOf(names);
    }
}
