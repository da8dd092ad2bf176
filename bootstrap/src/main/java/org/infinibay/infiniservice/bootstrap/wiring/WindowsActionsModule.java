package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.linux.audit.FileAuditTrail;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsLocalAccounts;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsPowerControl;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsProcessControl;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsProcessLauncher;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiProcessSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSystemMetricsSource;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.winget.RegistryOnlySystemUpdates;
import org.infinibay.infiniservice.adapters.windows.winget.WingetLocator;
import org.infinibay.infiniservice.adapters.windows.winget.WingetPackageManager;
import org.infinibay.infiniservice.application.exec.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.actions.DiskSpaceAction;
import org.infinibay.infiniservice.application.service.actions.NotSupportedExecutor;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.application.service.actions.RebootAction;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.exec.ExecutableLookup;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.service.unsafe.ShellCommand;
import org.infinibay.infiniservice.application.service.unsafe.ShellPlatform;
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.application.service.unsafe.WindowsShells;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * Command execution on Windows: the engine over Job objects, unsafe commands and scripts with the
 * Windows shell table, and the safe actions this build implements. Not yet wired (they answer
 * 127 "unsupported action"): services, updates (WUA), Defender, firewall, application inventory,
 * cleanup, golden image, domain join, ExecutePowerShellScript.
 */
@Module
public final class WindowsActionsModule {
    private WindowsActionsModule() {
    }

    static String systemRoot() {
        String r = System.getenv("SystemRoot");
        return r == null || r.isBlank() ? "C:\\Windows" : r;
    }

    @Provides
    @Singleton
    static PowerShell powershell(ProgramRunner runner, JsonCodec codec) {
        return new PowerShell(runner, codec, systemRoot() + "\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    }

    @Provides
    @Singleton
    static PackageManager packageManager(ProgramRunner runner, PowerShell powershell) {
        Path windowsApps = Path.of(Optional.ofNullable(System.getenv("ProgramFiles")).orElse("C:\\Program Files"),
                "WindowsApps");
        String arch = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "x64";
        return new WingetPackageManager(runner, () -> WingetLocator.locate(windowsApps, arch).map(Path::toString)
                .orElse(null), powershell, new RegistryOnlySystemUpdates());
    }

    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> executors(ProgramRunner runner, PowerShell powershell, PackageManager packages,
                                             SystemFactsSource facts, @Named("version") String version) {
        String root = systemRoot();
        return Set.of(
                new SystemInfoActions(facts, new WindowsLocalAccounts(powershell), version),
                new ProcessActions(new OshiProcessSource(), new WindowsProcessControl(runner, root), "windows"),
                new PackageActions(packages, ParameterRule.PACKAGE_WINDOWS),
                new DiskSpaceAction(new OshiSystemMetricsSource(WindowsModule.systemDrive())),
                new RebootAction(new WindowsPowerControl(runner, root)),
                NotSupportedExecutor.forWindows());
    }

    @Provides
    @Singleton
    static UserDirectory users() {
        return UserDirectory.NONE; // run_as is refused on Windows (§10.2)
    }

    @Provides
    @Singleton
    static ProcessLauncher launcher() {
        return new WindowsProcessLauncher();
    }

    @Provides
    @Singleton
    static ProgramRunner engine(ProcessLauncher launcher, AgentClock clock) {
        return new ExecutionEngine(launcher, System::getenv, clock);
    }

    @Provides
    @Singleton
    static ShellPlatform shells() {
        return new WindowsShells(ExecutableLookup.onPath(System::getenv));
    }

    @Provides
    @Singleton
    static AccountResolver accounts(ShellPlatform shells, UserDirectory users) {
        return new AccountResolver(shells, users, System.getProperty("user.home"));
    }

    @Provides
    @Singleton
    static AuditTrail audit(Configuration c) {
        return new FileAuditTrail(c.stateDir().resolve("audit"));
    }

    @Provides
    @Singleton
    static UnsafeCommandHandler unsafe(ProgramRunner runner, ShellPlatform shells, AccountResolver accounts,
                                       AuditTrail audit, AgentClock clock, Configuration c) {
        return new UnsafeCommandService(runner, shells, accounts, audit, clock, c.debug());
    }

    @Provides
    @Singleton
    static PendingScriptsHandler scripts(OutboundQueue queue, ProgramRunner runner, ShellPlatform shells,
                                         AccountResolver accounts, AuditTrail audit, AgentClock clock,
                                         ScheduledExecutorService timers, AgentSettings settings, Configuration c,
                                         PolicyEvaluator policy) {
        return new PendingScriptsService(queue, runner, shells, accounts, audit, clock, timers, settings.vmId(),
                c.stateDir().resolve("scripts"), RetryPolicy.DEFAULT, policy);
    }

    /** The guest policy on Windows: LocalSystem is the agent account, shells as WindowsShells runs them. */
    @Provides
    @Singleton
    static PolicyEvaluator policyEvaluator(LoadedPolicy policy, ShellPlatform shells, ProgramRunner runner) {
        ProcessControl processes = new WindowsProcessControl(runner, systemRoot());
        return new PolicyEvaluator(policy, shells::isAgentAccount, "system", shell -> {
            ShellCommand c = shells.command(shell, "rem");
            return c.isRefused() ? Optional.empty() : Optional.of(c.program());
        }, pid -> processes.identify(pid).map(ProcessControl.ProcessIdentity::name));
    }
}
