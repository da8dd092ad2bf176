package org.infinibay.infiniservice.application.service.actions;

import java.util.Locale;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.ActionRequest;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Answers the other OS's platform-specific actions (CONTRACT §8.5) promptly with 126 and
 * {@code {"supported":false,"platform":...}}, running nothing. Linux wires it with the Windows-only
 * actions, Windows with the Linux-only ones.
 */
public final class NotSupportedExecutor implements SafeActionExecutor {

    /** Actions that run only on Windows (§8.5). */
    public static final Set<String> WINDOWS_ONLY = Set.of("CheckWindowsUpdates", "GetPendingUpdates",
            "CheckWindowsDefender", "GetDefenderStatus", "RunDefenderQuickScan", "GetThreatHistory", "AutoFixDefender",
            "AutoFixWindowsUpdates", "ExecutePowerShellScript");

    /** Actions that run only on Linux (§8.5). */
    public static final Set<String> LINUX_ONLY = Set.of("CheckLinuxUpdates", "CheckSecurityModules");

    private final String platform;
    private final String osName;
    private final Set<String> actions;

    /**
     * @param platform {@code linux} or {@code windows}: the running OS
     * @param otherOsActions the actions that run only on the other OS
     */
    public NotSupportedExecutor(String platform, Set<String> otherOsActions) {
        this.platform = platform.toLowerCase(Locale.ROOT);
        this.osName = this.platform.equals("windows") ? "Windows" : "Linux";
        this.actions = Set.copyOf(otherOsActions);
    }

    public static NotSupportedExecutor forLinux() {
        return new NotSupportedExecutor("linux", WINDOWS_ONLY);
    }

    public static NotSupportedExecutor forWindows() {
        return new NotSupportedExecutor("windows", LINUX_ONLY);
    }

    @Override
    public Set<String> actions() {
        return actions;
    }

    @Override
    public ActionResult execute(ActionRequest request) {
        JsonObject data = JsonObject.builder().put("supported", false).put("platform", platform).build();
        return ActionResult.failure(ExitCodes.NOT_SUPPORTED, request.action() + " is not supported on " + osName, data);
    }
}
