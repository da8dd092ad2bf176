package org.infinibay.infiniservice.adapters.windows.winget;

import org.infinibay.infiniservice.domain.command.ParameterRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PsJson;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Packages through winget (CONTRACT §8.5.2), non-interactive, every value its own argv element;
 * {@code Get-Package} (JSON) lists installed software when winget is missing. Whole-system updates,
 * history and the reboot flag belong to Windows Update, supplied by {@code system}.
 */
public final class WingetPackageManager implements PackageManager {
    /** winget package ids and names (CONTRACT §8.2, Windows column): spaces too. */
    public static final ParameterRule PACKAGE_NAMES = new ParameterRule("PACKAGE_WINDOWS", "[A-Za-z0-9._+: -]+", 256);
    static final List<String> AGREE = List.of("--accept-source-agreements", "--disable-interactivity");
    static final List<String> AGREE_ALL = List.of("--accept-source-agreements", "--accept-package-agreements",
            "--disable-interactivity", "--silent");
    /** APPINSTALLER_CLI_ERROR_UPDATE_NOT_APPLICABLE: nothing newer to install. */
    static final int UPDATE_NOT_APPLICABLE = 0x8A15002B;
    /** APPINSTALLER_CLI_ERROR_NO_APPLICATIONS_FOUND: the query matched nothing. */
    static final int NO_APPLICATIONS_FOUND = 0x8A150014;

    /** Windows Update operations the package port also carries on this OS. */
    public interface SystemUpdates {
        PackageChange installAll(Deadline deadline) throws OsOperationException, InterruptedException;

        List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline)
                throws OsOperationException, InterruptedException;

        CommandOutput cleanDownloadCache(Deadline deadline) throws OsOperationException, InterruptedException;

        boolean rebootRequired();

        boolean automaticUpdatesEnabled();

        Long lastInstallMillis();
    }

    private final ProgramRunner runner;
    private final Supplier<String> winget;
    private final PowerShell powershell;
    private final SystemUpdates system;

    /** @param winget path of winget.exe, or {@code null} when not installed (resolved on each use) */
    public WingetPackageManager(ProgramRunner runner, Supplier<String> winget, PowerShell powershell,
                                SystemUpdates system) {
        this.runner = runner;
        this.winget = winget;
        this.powershell = powershell;
        this.system = system;
    }

    @Override
    public String name() {
        return "winget";
    }

    @Override
    public List<PackageInfo> installed(Deadline deadline) throws OsOperationException, InterruptedException {
        if (winget.get() == null) {
            return getPackage(deadline);
        }
        return WingetRows.installed(require(deadline, "list", List.of(), AGREE).stdout());
    }

    private List<PackageInfo> getPackage(Deadline deadline) throws OsOperationException, InterruptedException {
        List<PackageInfo> out = new ArrayList<>();
        for (JsonObject o : PsJson.objects(powershell.json("@(Get-Package -ErrorAction SilentlyContinue | "
                + "Select-Object Name,Version,ProviderName,Source,Summary) | ConvertTo-Json -Depth 2 -Compress",
                deadline))) {
            String name = PsJson.textOr(o, "Name", "");
            if (!name.isEmpty()) {
                out.add(new PackageInfo(name, PsJson.text(o, "Version").orElse(null),
                        PsJson.text(o, "Summary").orElse(null), true, null,
                        PsJson.text(o, "ProviderName").orElse(null), name));
            }
        }
        return out;
    }

    @Override
    public List<PackageInfo> search(String query, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = run(deadline, "search", List.of("--query", query), AGREE);
        if (r.exitCode() == NO_APPLICATIONS_FOUND) {
            return List.of();
        }
        check("search", r);
        return WingetRows.search(r.stdout());
    }

    @Override
    public PackageChange install(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        return change("install", pkg, deadline);
    }

    @Override
    public PackageChange remove(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        return change("uninstall", pkg, deadline);
    }

    @Override
    public PackageChange update(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        return change("upgrade", pkg, deadline);
    }

    private PackageChange change(String verb, String pkg, Deadline deadline)
            throws OsOperationException, InterruptedException {
        List<String> agree = verb.equals("uninstall") ? List.of("--accept-source-agreements",
                "--disable-interactivity", "--silent") : AGREE_ALL;
        ExecResult r = run(deadline, verb, List.of("--query", pkg, "--exact"), agree);
        CommandOutput out = new CommandOutput(r.exitCode(), r.stdout(), r.stderr());
        if (r.exitCode() == UPDATE_NOT_APPLICABLE) {
            return new PackageChange(false, system.rebootRequired(), 0, out);
        }
        check(verb, r);
        return new PackageChange(true, system.rebootRequired(), 1, out);
    }

    @Override
    public PackageChange upgradeAll(Deadline deadline) throws OsOperationException, InterruptedException {
        return system.installAll(deadline);
    }

    @Override
    public List<PendingUpdate> pendingUpdates(Deadline deadline) throws OsOperationException, InterruptedException {
        if (winget.get() == null) {
            return List.of();
        }
        return WingetRows.upgrades(require(deadline, "upgrade", List.of(), AGREE).stdout());
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline)
            throws OsOperationException, InterruptedException {
        return system.history(sinceMillis, deadline);
    }

    @Override
    public CommandOutput cleanCache(Deadline deadline) throws OsOperationException, InterruptedException {
        return system.cleanDownloadCache(deadline);
    }

    @Override
    public boolean rebootRequired(Deadline deadline) {
        return system.rebootRequired();
    }

    @Override
    public Long lastInstallMillis() {
        return system.lastInstallMillis();
    }

    @Override
    public boolean automaticUpdatesEnabled() {
        return system.automaticUpdatesEnabled();
    }

    private ExecResult require(Deadline deadline, String verb, List<String> args, List<String> flags)
            throws OsOperationException, InterruptedException {
        ExecResult r = run(deadline, verb, args, flags);
        check(verb, r);
        return r;
    }

    private ExecResult run(Deadline deadline, String verb, List<String> args, List<String> flags)
            throws OsOperationException, InterruptedException {
        String exe = winget.get();
        if (exe == null) {
            throw new OsOperationException(ExitCodes.UNKNOWN_ACTION, "winget is not installed", "", "");
        }
        List<String> argv = new ArrayList<>();
        argv.add(exe);
        argv.add(verb);
        argv.addAll(args);
        argv.addAll(flags);
        ExecResult r = runner.run(new ExecRequest(argv, Map.of(), null, null, deadline, null));
        if (r.startFailed()) {
            throw new OsOperationException(ExitCodes.UNKNOWN_ACTION, "winget could not be started", r.stdout(),
                    r.stderr());
        }
        if (r.timedOut()) {
            throw new OsOperationException(ExitCodes.TIMED_OUT, "timed out after " + deadline.seconds() + " s",
                    r.stdout(), r.stderr());
        }
        return r;
    }

    private static void check(String verb, ExecResult r) throws OsOperationException {
        if (r.exitCode() != 0) {
            throw new OsOperationException(ExitCodes.FAILED, "winget " + verb + " failed (exit 0x"
                    + Integer.toHexString(r.exitCode()).toUpperCase(java.util.Locale.ROOT) + ")", r.stdout(),
                    r.stderr());
        }
    }

    @Override
    public ParameterRule nameRule() {
        return PACKAGE_NAMES;
    }
}
