package org.infinibay.infiniservice.application.service.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * Applies a {@link GuestPolicy} to what the host asks for. Values are read exactly as the actions
 * read them (CONTRACT §8.1 lookup), and every name a value goes by is checked, so an alias cannot
 * slip past a deny rule: {@code sshd} is also {@code sshd.service}, {@code PWSH} is also
 * {@code POWERSHELL}, an absent or unknown shell is also the program it really runs, and every
 * {@code run_as} that means "the agent's own account" is also that account's name.
 */
public final class PolicyEvaluator {
    /** ExecutePowerShellScript runs host-supplied code: it is an unsafe command in disguise. */
    private static final String POWERSHELL_ACTION = "ExecutePowerShellScript";

    private final LoadedPolicy loaded;
    private final GuestPolicy policy;
    private final Predicate<String> agentAccount;
    private final String agentAccountName;
    private final Function<String, Optional<String>> shellProgram;
    private final LongFunction<Optional<String>> processName;
    private final Lockdown lockdown;

    /**
     * @param agentAccount     true for the {@code run_as} values that mean "as the agent" (absent, root, system...)
     * @param agentAccountName the agent account's name as policies write it ({@code root}, {@code SYSTEM})
     * @param shellProgram     the program a wire shell value runs ({@code bash}); empty when refused anyway
     * @param processName      the name of a running process; empty when unknown
     */
    public PolicyEvaluator(LoadedPolicy loaded, Predicate<String> agentAccount, String agentAccountName,
                           Function<String, Optional<String>> shellProgram, LongFunction<Optional<String>> processName) {
        this(loaded, agentAccount, agentAccountName, shellProgram, processName,
                loaded.locked() ? new Lockdown(loaded.error()) : Lockdown.NONE);
    }

    /**
     * @param lockdown while it has a reason, only read-only actions pass (a policy file that cannot be
     *                 used, an unusable state directory)
     */
    public PolicyEvaluator(LoadedPolicy loaded, Predicate<String> agentAccount, String agentAccountName,
                           Function<String, Optional<String>> shellProgram, LongFunction<Optional<String>> processName,
                           Lockdown lockdown) {
        this.lockdown = lockdown;
        this.loaded = loaded;
        this.policy = loaded.policy();
        this.agentAccount = agentAccount;
        this.agentAccountName = agentAccountName;
        this.shellProgram = shellProgram;
        this.processName = processName;
    }

    /** The built-in default: everything allowed (for wiring without a policy and for tests). */
    public static PolicyEvaluator permissive() {
        Permissive p = new Permissive();
        return new PolicyEvaluator(LoadedPolicy.builtIn(), p, "root", p, p);
    }

    /**
     * The callbacks of {@link #permissive()}: only an absent or empty {@code run_as} is the agent's
     * account, no shell program or process name is known. One named class for the three lambdas it
     * replaces (no lambda machinery, docs/performance.md round 5).
     */
    private static final class Permissive
            implements Predicate<String>, Function<String, Optional<String>>, LongFunction<Optional<String>> {
        @Override
        public boolean test(String s) {
            return s == null || s.isEmpty();
        }

        @Override
        public Optional<String> apply(String shell) {
            return Optional.empty();
        }

        @Override
        public Optional<String> apply(long pid) {
            return Optional.empty();
        }
    }

    public LoadedPolicy loaded() {
        return loaded;
    }

    public Lockdown lockdown() {
        return lockdown;
    }

    /** A safe command; {@code action} is the canonical action name. */
    public PolicyDecision safeCommand(String action, ActionParameters p) {
        String locked = lockdown.refusal();
        if (locked != null && !SafeAction.isReadOnly(action)) {
            return PolicyDecision.locked(locked);
        }
        Optional<String> refused = policy.actions().refusal("actions", action, List.of(action));
        if (refused.isPresent()) {
            return PolicyDecision.deny(refused.get());
        }
        if ("ServiceControl".equals(action)) {
            return check(policy.services(), "services", strings(p, "service"), false);
        }
        if ("RestartServices".equals(action)) {
            List<String> names = strings(p, "service_name");
            names.addAll(strings(p, "services"));
            return check(policy.services(), "services", names, false);
        }
        if (changesPackages(action)) {
            return check(policy.packages(), "packages", strings(p, "package"), true);
        }
        if ("ProcessKill".equals(action)) {
            return processKill(p);
        }
        if (POWERSHELL_ACTION.equals(action)) {
            if (!policy.unsafeCommands()) {
                return PolicyDecision.deny("unsafe_commands = false (" + POWERSHELL_ACTION + ")");
            }
            return shell("POWERSHELL");
        }
        return PolicyDecision.ALLOW;
    }

    /**
     * The names a service really goes by, as the service manager resolved them (systemd: {@code Id}
     * and aliases such as {@code sshd.service} for {@code ssh.service}): a rule about any of them holds
     * for the others, so an alias cannot slip past {@code [services]}. Checked by the action once the
     * names are known (resolving them runs {@code systemctl}, which the receive thread must not wait for).
     */
    public PolicyDecision services(List<String> resolvedNames) {
        if (policy.services().isOpen() || resolvedNames.isEmpty()) {
            return PolicyDecision.ALLOW;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (String n : resolvedNames) {
            candidates.addAll(serviceNames(n));
        }
        return decision(policy.services().refusal("services", resolvedNames.get(0), candidates));
    }

    /** Whether {@code [services]} restricts anything (else resolving aliases is not needed). */
    public boolean restrictsServices() {
        return !policy.services().isOpen();
    }

    /**
     * An unsafe command.
     *
     * @param shell the wire {@code shell} ({@code null} when absent)
     * @param runAs the wire {@code run_as} ({@code null} when absent)
     */
    public PolicyDecision unsafeCommand(String shell, Json runAs) {
        String locked = lockdown.refusal();
        if (locked != null) {
            return PolicyDecision.locked(locked);
        }
        if (!policy.unsafeCommands()) {
            return PolicyDecision.deny("unsafe_commands = false");
        }
        PolicyDecision d = shell(shell);
        if (!d.allowed()) {
            return d;
        }
        if (runAs == null || runAs.isNull()) {
            return account(null);
        }
        if (runAs instanceof JsonString s) {
            return account(s.value().trim());
        }
        return PolicyDecision.ALLOW; // not a string: the command is refused with code 2 anyway
    }

    /**
     * A host-scheduled script.
     *
     * @param user the resolved account; {@code null} = the agent's own
     */
    public PolicyDecision script(String shell, String user) {
        String locked = lockdown.refusal();
        if (locked != null) {
            return PolicyDecision.locked(locked);
        }
        if (!policy.scripts()) {
            return PolicyDecision.deny("scripts = false");
        }
        PolicyDecision d = shell(shell);
        return d.allowed() ? account(user) : d;
    }

    private PolicyDecision processKill(ActionParameters p) {
        if (policy.processes().isOpen()) {
            return PolicyDecision.ALLOW;
        }
        OptionalLong pid = p.integer("pid");
        if (pid.isEmpty()) {
            return PolicyDecision.ALLOW; // refused with code 2 by the action
        }
        Optional<String> name = processName.apply(pid.getAsLong());
        List<String> candidates = new ArrayList<>();
        if (name.isPresent()) {
            String n = name.get();
            candidates.add(n);
            if (n.toLowerCase(Locale.ROOT).endsWith(".exe")) {
                candidates.add(n.substring(0, n.length() - 4));
            }
        }
        return decision(policy.processes().refusal("processes", name.orElse(null), candidates));
    }

    private PolicyDecision shell(String wire) {
        if (policy.shells().isOpen()) {
            return PolicyDecision.ALLOW;
        }
        String name = wire == null ? "" : wire.trim().toUpperCase(Locale.ROOT);
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(name.isEmpty() ? "DEFAULT" : name);
        Optional<String> program = shellProgram.apply(wire);
        if (program.isPresent()) {
            candidates.add(baseName(program.get()).toUpperCase(Locale.ROOT));
        }
        for (String c : List.copyOf(candidates)) {
            candidates.addAll(shellAliases(c));
        }
        return decision(policy.shells().refusal("shells", name.isEmpty() ? "DEFAULT" : wire.trim(), candidates));
    }

    private PolicyDecision account(String user) {
        if (policy.runAs().isOpen()) {
            return PolicyDecision.ALLOW;
        }
        Set<String> candidates = new LinkedHashSet<>();
        if (user == null || agentAccount.test(user)) {
            candidates.add(agentAccountName);
        }
        if (user != null && !user.isEmpty()) {
            candidates.add(user);
        }
        String shown = user == null || user.isEmpty() ? agentAccountName : user;
        return decision(policy.runAs().refusal("run_as", shown, candidates));
    }

    /** Denied for the refusal, allowed when there is none (no Optional.map lambda on the command path). */
    private static PolicyDecision decision(Optional<String> refusal) {
        return refusal.isPresent() ? PolicyDecision.deny(refusal.get()) : PolicyDecision.ALLOW;
    }

    /** @param packages true: each value's names are {@link #packageNames}, else {@link #serviceNames} */
    private static PolicyDecision check(PatternRule rule, String category, List<String> values, boolean packages) {
        if (rule.isOpen()) {
            return PolicyDecision.ALLOW;
        }
        for (String v : values) {
            Optional<String> refused = rule.refusal(category, v, packages ? packageNames(v) : serviceNames(v));
            if (refused.isPresent()) {
                return PolicyDecision.deny(refused.get());
            }
        }
        return PolicyDecision.ALLOW;
    }

    /** The string value(s) of a parameter as the action reads them; non-strings are the action's to refuse. */
    private static List<String> strings(ActionParameters p, String key) {
        List<String> out = new ArrayList<>();
        Optional<Json> v = p.get(key);
        if (v.isPresent() && v.get() instanceof JsonString s && !s.value().isEmpty()) {
            out.add(s.value());
        } else if (v.isPresent() && v.get() instanceof JsonArray a) {
            for (Json item : a.items()) {
                if (item instanceof JsonString s && !s.value().isEmpty()) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }

    /** {@code sshd} and {@code sshd.service} name the same systemd unit. */
    private static List<String> serviceNames(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".service") ? List.of(name, name.substring(0, name.length() - ".service".length()))
                : List.of(name, name + ".service");
    }

    /** {@code socat:amd64} is apt's name for socat on amd64: both names are checked. */
    private static List<String> packageNames(String name) {
        int colon = name.indexOf(':');
        return colon > 0 ? List.of(name, name.substring(0, colon)) : List.of(name);
    }

    private static List<String> shellAliases(String upper) {
        switch (upper) {
            case "PWSH":
            case "PWSH.EXE":
            case "POWERSHELL":
            case "POWERSHELL.EXE":
                return List.of("POWERSHELL", "PWSH");
            case "CMD":
            case "CMD.EXE":
                return List.of("CMD", "CMD.EXE");
            default:
                return List.of();
        }
    }

    private static String baseName(String program) {
        int slash = Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\'));
        String base = slash < 0 ? program : program.substring(slash + 1);
        String lower = base.toLowerCase(Locale.ROOT);
        return lower.endsWith(".exe") ? base.substring(0, base.length() - 4) : base;
    }

    /** The catalogue's package-changing actions (PackageInstall, PackageRemove, PackageUpdate, UpdateSystemSoftware). */
    private static boolean changesPackages(String action) {
        SafeAction a = SafeAction.named(action).orElse(null);
        return a != null && a.changesPackages();
    }
}
