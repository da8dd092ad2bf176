package org.infinibay.infiniservice.application.service.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static final PatternRule ANY = PatternRule.ANY;

    private static PolicyEvaluator evaluator(GuestPolicy p) {
        Map<String, String> programs = Map.of("", "bash", "BASH", "bash", "SH", "sh", "PWSH", "pwsh",
                "POWERSHELL", "pwsh", "FOO", "bash");
        Map<Long, String> processes = Map.of(100L, "sshd", 200L, "nginx", 300L, "notepad.exe");
        return new PolicyEvaluator(new LoadedPolicy(p, "test", "sha256:x", null),
                u -> u == null || u.isEmpty() || u.equals("root") || u.equalsIgnoreCase("system"), "root",
                s -> Optional.ofNullable(programs.get(s == null ? "" : s.trim().toUpperCase())),
                pid -> Optional.ofNullable(processes.get(pid)));
    }

    private static GuestPolicy policy(PatternRule actions, PatternRule services, PatternRule packages,
                                      PatternRule processes, PatternRule shells, PatternRule runAs) {
        return new GuestPolicy(true, true, actions, services, packages, processes, shells, runAs, SelfBudget.DEFAULT);
    }

    private static ActionParameters params(JsonObject commandType) {
        return new ActionParameters(commandType, null);
    }

    private static JsonObject serviceControl(String service) {
        return JsonObject.builder().put("action", "ServiceControl").put("params",
                JsonObject.builder().put("service", service).put("operation", "restart").build()).build();
    }

    @Test
    void theDefaultAllowsEverythingTheHostSendsToday() {
        PolicyEvaluator e = PolicyEvaluator.permissive();
        for (String action : List.of("ServiceControl", "PackageInstall", "ProcessKill", "RebootSystem",
                "PrepareGoldenImage", "JoinDomain", "ExecutePowerShellScript", "SystemInfo")) {
            assertTrue(e.safeCommand(action, params(serviceControl("sshd"))).allowed(), action);
        }
        assertTrue(e.unsafeCommand("BASH", Json.of("alice")).allowed());
        assertTrue(e.unsafeCommand(null, null).allowed());
        assertTrue(e.script("POWERSHELL", null).allowed());
        assertTrue(e.loaded().isDefault());
        assertEquals(List.of(), GuestPolicy.DEFAULT.restricted());
    }

    @Test
    void denyWinsOverAllowAndNamesTheRule() {
        PolicyEvaluator e = evaluator(policy(ANY, new PatternRule(List.of("*"), List.of("ssh*")), ANY, ANY, ANY, ANY));
        PolicyDecision d = e.safeCommand("ServiceControl", params(serviceControl("sshd")));
        assertFalse(d.allowed());
        assertEquals("denied by guest policy: services.deny \"ssh*\" matches \"sshd\"", d.error());
        assertTrue(e.safeCommand("ServiceControl", params(serviceControl("nginx"))).allowed());

        PolicyEvaluator both = evaluator(policy(ANY, new PatternRule(List.of("sshd"), List.of("sshd")), ANY, ANY,
                ANY, ANY));
        assertFalse(both.safeCommand("ServiceControl", params(serviceControl("sshd"))).allowed(),
                "a value both allowed and denied is denied");
    }

    @Test
    void serviceAliasesCannotSlipPastADenyRule() {
        PolicyEvaluator e = evaluator(policy(ANY, new PatternRule(null, List.of("sshd")), ANY, ANY, ANY, ANY));
        assertFalse(e.safeCommand("ServiceControl", params(serviceControl("sshd.service"))).allowed());
        assertFalse(e.safeCommand("ServiceControl", params(serviceControl("SSHD"))).allowed(), "case-insensitive");
        JsonObject flat = JsonObject.builder().put("action", "ServiceControl").put("service", "sshd")
                .put("operation", "stop").build();
        assertFalse(e.safeCommand("ServiceControl", params(flat)).allowed(), "flattened form (§8.1)");
        ActionParameters top = new ActionParameters(JsonObject.builder().put("action", "ServiceControl").build(),
                JsonObject.builder().put("service", "sshd").build());
        assertFalse(e.safeCommand("ServiceControl", top).allowed(), "top-level params fallback (§8.1)");
        JsonObject restart = JsonObject.builder().put("action", "RestartServices")
                .put("services", JsonArray.ofStrings(List.of("nginx", "sshd"))).build();
        PolicyDecision d = e.safeCommand("RestartServices", params(restart));
        assertEquals("services.deny \"sshd\" matches \"sshd\"", d.rule());
        assertTrue(e.safeCommand("RestartServices", params(JsonObject.builder().put("action", "RestartServices")
                .put("service_name", "nginx").build())).allowed());
    }

    /** Every package-changing action of the catalogue is held to the package rules, and only those. */
    @Test
    void packageRulesHoldForEveryPackageChangingAction() {
        PolicyEvaluator e = evaluator(policy(ANY, ANY, new PatternRule(null, List.of("netcat*")), ANY, ANY, ANY));
        for (String action : List.of("PackageInstall", "PackageRemove", "PackageUpdate", "UpdateSystemSoftware")) {
            JsonObject no = JsonObject.builder().put("action", action).put("package", "netcat-openbsd").build();
            assertEquals("packages.deny \"netcat*\" matches \"netcat-openbsd\"", e.safeCommand(action, params(no)).rule(),
                    action);
        }
        JsonObject search = JsonObject.builder().put("action", "PackageSearch").put("package", "netcat-openbsd").build();
        assertTrue(e.safeCommand("PackageSearch", params(search)).allowed(), "a search changes nothing");
    }

    @Test
    void allowListsRefuseWhatTheyDoNotName() {
        PolicyEvaluator e = evaluator(policy(ANY, ANY, new PatternRule(List.of("nginx", "htop", "lib*"), null),
                ANY, ANY, ANY));
        JsonObject ok = JsonObject.builder().put("action", "PackageInstall").put("package", "libssl3").build();
        JsonObject no = JsonObject.builder().put("action", "PackageInstall").put("package", "netcat").build();
        assertTrue(e.safeCommand("PackageInstall", params(ok)).allowed());
        assertEquals("packages.allow has no pattern matching \"netcat\"",
                e.safeCommand("PackageInstall", params(no)).rule());
        assertTrue(e.safeCommand("UpdateSystemSoftware", params(JsonObject.builder()
                .put("action", "UpdateSystemSoftware").build())).allowed(), "no package: nothing to match");
        assertTrue(e.safeCommand("PackageList", params(JsonObject.EMPTY)).allowed());
    }

    @Test
    void actionsAreMatchedByNameWithGlobs() {
        PolicyEvaluator e = evaluator(policy(new PatternRule(null, List.of("Prepare*", "JoinDomain")), ANY, ANY,
                ANY, ANY, ANY));
        assertEquals("actions.deny \"Prepare*\" matches \"PrepareGoldenImage\"",
                e.safeCommand("PrepareGoldenImage", params(JsonObject.EMPTY)).rule());
        assertFalse(e.safeCommand("JoinDomain", params(JsonObject.EMPTY)).allowed());
        assertTrue(e.safeCommand("RebootSystem", params(JsonObject.EMPTY)).allowed());
        PolicyEvaluator only = evaluator(policy(new PatternRule(List.of("SystemInfo", "Process?ist"), null), ANY,
                ANY, ANY, ANY, ANY));
        assertTrue(only.safeCommand("ProcessList", params(JsonObject.EMPTY)).allowed());
        assertFalse(only.safeCommand("ProcessTop", params(JsonObject.EMPTY)).allowed());
    }

    @Test
    void processKillIsCheckedAgainstTheTargetsName() {
        PolicyEvaluator e = evaluator(policy(ANY, ANY, ANY, new PatternRule(null, List.of("sshd", "notepad")),
                ANY, ANY));
        JsonObject kill = JsonObject.builder().put("action", "ProcessKill").put("pid", 100).build();
        assertEquals("processes.deny \"sshd\" matches \"sshd\"", e.safeCommand("ProcessKill", params(kill)).rule());
        assertFalse(e.safeCommand("ProcessKill", params(JsonObject.builder().put("pid", 300).build())).allowed(),
                ".exe is stripped");
        assertTrue(e.safeCommand("ProcessKill", params(JsonObject.builder().put("pid", 200).build())).allowed());
        assertTrue(e.safeCommand("ProcessKill", params(JsonObject.builder().put("pid", 999).build())).allowed(),
                "an unknown process matches no named pattern");
        PolicyEvaluator allowOnly = evaluator(policy(ANY, ANY, ANY, new PatternRule(List.of("nginx"), null),
                ANY, ANY));
        assertFalse(allowOnly.safeCommand("ProcessKill", params(JsonObject.builder().put("pid", 999).build()))
                .allowed(), "an unknown process is not on an allow list");
    }

    @Test
    void unsafeCommandsAndScriptsCanBeSwitchedOff() {
        GuestPolicy off = new GuestPolicy(false, false, null, null, null, null, null, null, null);
        PolicyEvaluator e = evaluator(off);
        assertEquals("unsafe_commands = false", e.unsafeCommand("BASH", null).rule());
        assertEquals("scripts = false", e.script("BASH", null).rule());
        assertEquals("unsafe_commands = false (ExecutePowerShellScript)",
                e.safeCommand("ExecutePowerShellScript", params(JsonObject.EMPTY)).rule());
        assertTrue(e.safeCommand("SystemInfo", params(JsonObject.EMPTY)).allowed());
        assertEquals(List.of(), off.restricted());
    }

    @Test
    void shellsAreCheckedByNameAliasAndTheProgramThatReallyRuns() {
        PolicyEvaluator noBash = evaluator(policy(ANY, ANY, ANY, ANY, new PatternRule(null, List.of("BASH")), ANY));
        assertFalse(noBash.unsafeCommand(null, null).allowed(), "absent shell runs bash");
        assertFalse(noBash.unsafeCommand("foo", null).allowed(), "unknown shell falls back to bash");
        assertEquals("shells.deny \"BASH\" matches \"bash\"", noBash.unsafeCommand("bash", null).rule());
        assertTrue(noBash.unsafeCommand("SH", null).allowed());

        PolicyEvaluator noPowerShell = evaluator(policy(ANY, ANY, ANY, ANY,
                new PatternRule(null, List.of("POWERSHELL")), ANY));
        assertFalse(noPowerShell.unsafeCommand("pwsh", null).allowed(), "PWSH is POWERSHELL");
        assertFalse(noPowerShell.safeCommand("ExecutePowerShellScript", params(JsonObject.EMPTY)).allowed());

        PolicyEvaluator onlySh = evaluator(policy(ANY, ANY, ANY, ANY, new PatternRule(List.of("SH"), null), ANY));
        assertTrue(onlySh.script("sh", null).allowed());
        assertFalse(onlySh.script(null, null).allowed(), "the default shell is bash, not sh");
        PolicyEvaluator defaultOk = evaluator(policy(ANY, ANY, ANY, ANY, new PatternRule(List.of("DEFAULT"), null),
                ANY));
        assertTrue(defaultOk.unsafeCommand(null, null).allowed());
        assertFalse(defaultOk.unsafeCommand("SH", null).allowed());
    }

    @Test
    void runAsAliasesOfTheAgentAccountAreTheAgentAccount() {
        PolicyEvaluator e = evaluator(policy(ANY, ANY, ANY, ANY, ANY, new PatternRule(null, List.of("root"))));
        assertFalse(e.unsafeCommand("BASH", null).allowed(), "absent run_as runs as root");
        assertFalse(e.unsafeCommand("BASH", Json.of("")).allowed());
        assertEquals("run_as.deny \"root\" matches \"SYSTEM\"", e.unsafeCommand("BASH", Json.of("SYSTEM")).rule());
        assertTrue(e.unsafeCommand("BASH", Json.of("alice")).allowed());
        assertFalse(e.script("BASH", null).allowed(), "a script without run_as runs as root");
        assertTrue(e.script("BASH", "alice").allowed());
        assertTrue(e.unsafeCommand("BASH", Json.of(5)).allowed(), "a non-string run_as is refused with code 2 later");

        PolicyEvaluator onlyApp = evaluator(policy(ANY, ANY, ANY, ANY, ANY, new PatternRule(List.of("app*"), null)));
        assertTrue(onlyApp.unsafeCommand(null, Json.of("appuser")).allowed());
        assertFalse(onlyApp.unsafeCommand(null, Json.of("bob")).allowed());
        assertFalse(onlyApp.unsafeCommand(null, null).allowed());
    }

    @Test
    void globsMatchTheWholeValueAndQuoteEverythingElse() {
        assertTrue(PatternRule.matches("a*c", "abbbc"));
        assertFalse(PatternRule.matches("a*c", "abbbcd"));
        assertTrue(PatternRule.matches("a?c", "abc"));
        assertFalse(PatternRule.matches("a.c", "abc"), "regex metacharacters are literal");
        assertTrue(PatternRule.matches("MSSQL$SQL*", "mssql$sqlexpress"));
        assertTrue(PatternRule.matches("x\\x2d*", "x\\x2dfoo"));
        assertTrue(PatternRule.matches("*", ""));
    }

    @Test
    void theDefaultDigestIsTheDigestOfItsCanonicalText() {
        LoadedPolicy d = LoadedPolicy.builtIn();
        assertEquals(LoadedPolicy.digestOf(LoadedPolicy.CANONICAL_DEFAULT.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                d.digest());
        assertTrue(d.digest().matches("sha256:[0-9a-f]{64}"));
        JsonObject summary = d.summary();
        assertEquals(LoadedPolicy.BUILT_IN, summary.string("source").orElseThrow());
        assertTrue(summary.bool("default").orElseThrow());
        assertTrue(summary.fields().get("error").isNull());
        LoadedPolicy refused = LoadedPolicy.refused("/etc/x.toml", "owned by uid 1000");
        assertEquals("owned by uid 1000", refused.summary().string("error").orElseThrow());
        assertFalse(refused.isDefault(), "a refused file is not the default: it locks");
        assertTrue(refused.locked());
        assertEquals(LoadedPolicy.digestOf(LoadedPolicy.CANONICAL_LOCKED.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                refused.digest());
    }

    /** Issue #13 items 6 and 9: while locked down only read-only actions pass; a lifted lockdown restores the rules. */
    @Test
    void aLockdownRefusesEverythingButReadOnlyActionsUntilLifted() {
        Lockdown lockdown = new Lockdown(null);
        PolicyEvaluator e = new PolicyEvaluator(new LoadedPolicy(GuestPolicy.DEFAULT, "test", "sha256:x", null),
                u -> u == null, "root", s -> Optional.of("bash"), pid -> Optional.empty(), lockdown);
        assertTrue(e.unsafeCommand("BASH", null).allowed());
        assertTrue(lockdown.stateDirectory("the state directory /s is not usable (Read-only file system)"));
        assertFalse(lockdown.stateDirectory("the state directory /s is not usable (Read-only file system)"),
                "no change");
        PolicyDecision d = e.unsafeCommand("BASH", null);
        assertEquals("refused: agent locked down: the state directory /s is not usable (Read-only file system); "
                + "only metrics and read-only actions until this is fixed", d.error());
        assertFalse(e.script("BASH", null).allowed());
        assertFalse(e.safeCommand("PackageInstall", params(JsonObject.EMPTY)).allowed());
        assertFalse(e.safeCommand("RebootSystem", params(JsonObject.EMPTY)).allowed());
        assertTrue(e.safeCommand("SystemInfo", params(JsonObject.EMPTY)).allowed());
        assertTrue(e.safeCommand("GetInstalledApplicationsWMI", params(JsonObject.EMPTY)).allowed());
        assertEquals("error", lockdown.event().body().string("severity").orElseThrow());
        assertTrue(lockdown.stateDirectory(null));
        assertTrue(e.unsafeCommand("BASH", null).allowed(), "lifted once the directory is usable again");
        assertEquals("info", lockdown.event().body().string("severity").orElseThrow());
        for (String a : org.infinibay.infiniservice.domain.command.SafeAction.readOnlyNames()) {
            assertFalse(List.of("PackageInstall", "PackageRemove", "PackageUpdate", "UpdateSystemSoftware",
                    "ServiceControl", "RestartServices", "ProcessKill", "RebootSystem", "DiskCleanup",
                    "CleanTemporaryFiles", "ExecutePowerShellScript").contains(a), a);
        }
    }
}
