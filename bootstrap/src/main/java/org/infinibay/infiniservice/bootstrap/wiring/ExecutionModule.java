package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.linux.audit.FileAuditTrail;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.exec.RunLedger;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.service.unsafe.ShellCommand;
import org.infinibay.infiniservice.application.service.unsafe.ShellPlatform;
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/**
 * Running programs on any guest OS: the one execution engine, unsafe commands, pending scripts, the
 * audit trail and the guest policy. A platform module provides the {@link ProcessLauncher}, the
 * {@link ShellPlatform}, the {@link UserDirectory}, a {@link ProcessControl} and, for the policy, the
 * {@code @Named("agentAccount")} account name and the {@code @Named("noOpCommand")} a shell runs to
 * show it is usable.
 */
@Module
public final class ExecutionModule {
    private ExecutionModule() {
    }

    @Provides
    @Singleton
    static ProgramRunner engine(ProcessLauncher launcher, AgentClock clock, StateStore store) {
        // running programs are recorded in the state directory: the next agent stops what a dead one left
        return new ExecutionEngine(launcher, System::getenv, ExecutionEngine.DEFAULT_SECRET_NAMES, clock,
                ExecutionEngine.DEFAULT_MAX_CONCURRENT, new RunLedger(store));
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
        // the raw command text is logged (at DEBUG) only when the operator asked for --debug
        return new UnsafeCommandService(runner, shells, accounts, audit, clock, c.debug());
    }

    @Provides
    @Singleton
    static PendingScriptsHandler scripts(OutboundQueue queue, ProgramRunner runner, ShellPlatform shells,
                                         AccountResolver accounts, AuditTrail audit, AgentClock clock,
                                         ScheduledExecutorService timers, AgentSettings settings, Configuration c,
                                         PolicyEvaluator policy, RetainedSpool spool) {
        return new PendingScriptsService(queue, runner, shells, accounts, audit, clock, timers, settings.vmId(),
                c.stateDir().resolve("scripts"), RetryPolicy.DEFAULT, policy, spool);
    }

    /** The guest policy: the agent account and the shells as the platform's {@link ShellPlatform} runs them. */
    @Provides
    @Singleton
    static PolicyEvaluator policyEvaluator(LoadedPolicy policy, ShellPlatform shells, ProcessControl processes,
                                           @Named("agentAccount") String agentAccount,
                                           @Named("noOpCommand") String noOpCommand, Lockdown lockdown) {
        return new PolicyEvaluator(policy, shells::isAgentAccount, agentAccount, shell -> {
            ShellCommand c = shells.command(shell, noOpCommand);
            return c.isRefused() ? Optional.empty() : Optional.of(c.program());
        }, processes::processName, lockdown); // a thread id is judged by its process's name
    }
}
