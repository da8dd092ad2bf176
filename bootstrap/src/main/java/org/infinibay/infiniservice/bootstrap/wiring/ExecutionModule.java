package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
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
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/**
 * Running programs on any guest OS: the one execution engine, unsafe commands, pending scripts and
 * the guest policy, over the guest's {@link ProcessLauncher}, {@link ShellPlatform} (which also names
 * the agent's account and the no-op a usable shell runs), {@link UserDirectory}, {@link ScriptFiles},
 * audit trail and {@link ProcessControl}.
 */
@Module
public final class ExecutionModule {
    private ExecutionModule() {
    }

    @Provides
    @Singleton
    static ProgramRunner engine(ProcessLauncher launcher, AgentClock clock, StateStore store) {
        // running programs are recorded in the state directory: the next agent stops what a dead one left
        return new ExecutionEngine(launcher, Callbacks.environment(), ExecutionEngine.DEFAULT_SECRET_NAMES, clock,
                ExecutionEngine.DEFAULT_MAX_CONCURRENT, new RunLedger(store));
    }

    @Provides
    @Singleton
    static AccountResolver accounts(ShellPlatform shells, UserDirectory users) {
        return new AccountResolver(shells, users, System.getProperty("user.home"));
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
                                         ScheduledExecutorService timers, AgentSettings settings, ScriptFiles files,
                                         PolicyEvaluator policy, RetainedSpool spool) {
        return new PendingScriptsService(queue, runner, shells, accounts, audit, clock, timers, settings.vmId(),
                files, RetryPolicy.DEFAULT, policy, spool);
    }

    /** The guest policy: the agent account and the shells as the platform's {@link ShellPlatform} runs them. */
    @Provides
    @Singleton
    static PolicyEvaluator policyEvaluator(LoadedPolicy policy, ShellPlatform shells, ProcessControl processes,
                                           Lockdown lockdown) {
        // a shell's program is what its no-op runs (empty when refused); a thread id is judged by its process's name
        return new PolicyEvaluator(policy, Callbacks.of(Callbacks.Kind.AGENT_ACCOUNT, shells), shells.agentAccount(),
                Callbacks.of(Callbacks.Kind.SHELL_PROGRAM, shells), Callbacks.of(Callbacks.Kind.PROCESS_NAME, processes),
                lockdown);
    }
}
