package org.infinibay.infiniservice.application.service.policy;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * What the guest owner lets the host do here, and the resource budget the agent keeps to. The
 * {@link #DEFAULT} allows everything the host may send today, so a guest without a policy file
 * behaves exactly as before.
 *
 * @param unsafeCommands {@code UnsafeCommand} (and ExecutePowerShellScript) allowed at all
 * @param scripts        host-scheduled scripts allowed at all
 * @param actions        safe actions, by their canonical name
 * @param services       ServiceControl {@code service}, RestartServices {@code service_name}/{@code services}
 * @param packages       PackageInstall/Remove/Update and UpdateSystemSoftware {@code package}
 * @param processes      ProcessKill: the name of the process {@code pid} refers to
 * @param shells         unsafe commands and scripts: the wire shell, its aliases and the program it runs
 * @param runAs          unsafe commands and scripts: the account they run as
 * @param budget         the agent's own resource budget (self-protection)
 */
public record GuestPolicy(boolean unsafeCommands, boolean scripts, PatternRule actions, PatternRule services,
                          PatternRule packages, PatternRule processes, PatternRule shells, PatternRule runAs,
                          SelfBudget budget) {
    public static final GuestPolicy DEFAULT = new GuestPolicy(true, true, PatternRule.ANY, PatternRule.ANY,
            PatternRule.ANY, PatternRule.ANY, PatternRule.ANY, PatternRule.ANY, SelfBudget.DEFAULT);

    /**
     * What applies while a policy file exists (or is named) but cannot be used: no unsafe commands, no
     * scripts, only the catalogue's read-only actions ({@link SafeAction#readOnly()}: they only look at
     * the guest and never change it). The owner who wrote the file meant to restrict
     * something; until the file can be read, everything it could have restricted stays locked (fail
     * closed), while metrics and read-only actions go on.
     */
    public static final GuestPolicy LOCKED = new GuestPolicy(false, false,
            new PatternRule(SafeAction.readOnlyNames(), List.of()), PatternRule.ANY,
            PatternRule.ANY, PatternRule.ANY, PatternRule.ANY, PatternRule.ANY, SelfBudget.DEFAULT);

    public GuestPolicy {
        actions = actions == null ? PatternRule.ANY : actions;
        services = services == null ? PatternRule.ANY : services;
        packages = packages == null ? PatternRule.ANY : packages;
        processes = processes == null ? PatternRule.ANY : processes;
        shells = shells == null ? PatternRule.ANY : shells;
        runAs = runAs == null ? PatternRule.ANY : runAs;
        budget = budget == null ? SelfBudget.DEFAULT : budget;
    }

    /** The tables that restrict something (for the handshake and diagnose). */
    public List<String> restricted() {
        List<String> r = new ArrayList<>();
        if (!actions.isOpen()) {
            r.add("actions");
        }
        if (!services.isOpen()) {
            r.add("services");
        }
        if (!packages.isOpen()) {
            r.add("packages");
        }
        if (!processes.isOpen()) {
            r.add("processes");
        }
        if (!shells.isOpen()) {
            r.add("shells");
        }
        if (!runAs.isOpen()) {
            r.add("run_as");
        }
        return r;
    }

    /**
     * A deterministic rendering of every rule, the input of the built-in default's digest and what
     * {@code diagnose} prints.
     */
    public JsonObject toJson() {
        return JsonObject.builder()
                .put("unsafe_commands", unsafeCommands)
                .put("scripts", scripts)
                .put("actions", rule(actions))
                .put("services", rule(services))
                .put("packages", rule(packages))
                .put("processes", rule(processes))
                .put("shells", rule(shells))
                .put("run_as", rule(runAs))
                .put("budget", budget.toJson())
                .build();
    }

    private static JsonObject rule(PatternRule r) {
        return JsonObject.builder().put("allow", JsonArray.ofStrings(r.allow()))
                .put("deny", JsonArray.ofStrings(r.deny())).build();
    }
}
