package org.infinibay.infiniservice.adapters.linux.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 5a: a package name reaches the package manager only as an exact name. With the real
 * apt of this machine (socat installed, {@code sl} in the archive's index) and, for dnf and zypper,
 * which cannot run here, their output in the documented formats.
 */
class ExactPackageNamesTest {

    /**
     * The runner under the real Commands: programs run for real except {@code apt-get}, which is
     * recorded and, when {@code simulate}, run with {@code -s} (apt's own simulation: it resolves the
     * names exactly as a real run would and prints what it would change, changing nothing).
     */
    static final class AptGuard implements ProgramRunner {
        final List<List<String>> aptGet = new ArrayList<>();
        final List<List<String>> all = new ArrayList<>();
        final boolean simulate;

        AptGuard(boolean simulate) {
            this.simulate = simulate;
        }

        @Override
        public ExecResult run(ExecRequest request) throws InterruptedException {
            all.add(request.command());
            if (!request.command().get(0).endsWith("/apt-get")) {
                return ActionHarness.ENGINE.run(request);
            }
            aptGet.add(request.command());
            if (!simulate) {
                return new ExecResult(100, "", "E: refused by the test: apt-get must not run\n", false, false, false,
                        false, 0);
            }
            List<String> argv = new ArrayList<>(request.command());
            argv.add(1, "-s");
            return ActionHarness.ENGINE.run(new ExecRequest(argv, request.extraEnvironment(), null, null,
                    request.deadline(), null));
        }
    }

    private static boolean installed(String pkg) throws IOException {
        return AptPackageManager.parseDpkgStatus(Files.readString(Path.of("/var/lib/dpkg/status")))
                .containsKey(pkg);
    }

    private static PackageActions apt(AptGuard guard) {
        return new PackageActions(new AptPackageManager(new Commands(guard, Programs.system())));
    }

    @Test
    void aRegexOrModifierNameNeverReachesAptGet() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && installed("socat"),
                "needs apt and the socat package (installed on the build machine)");
        AptGuard guard = new AptGuard(false);
        PackageActions actions = apt(guard);
        // '.' and '+' are regex characters for apt-get; a trailing '+'/'-' turns remove into install and back
        for (String[] c : new String[][] {{"PackageRemove", "soca."}, {"PackageRemove", "s.cat"},
                {"PackageRemove", "socat+"}, {"PackageInstall", "socat-"}, {"PackageUpdate", "soc.t"},
                {"UpdateSystemSoftware", "soca."}, {"PackageInstall", "mail-transport-agent"}}) {
            ActionResult r = actions.execute(ActionHarness.request(c[0], 60, "package", c[1]));
            assertFalse(r.success(), c[0] + " " + c[1]);
            assertEquals(1, r.exitCode(), r.error());
            assertTrue(r.error().startsWith("package not found: no package is named exactly '" + c[1] + "'")
                    || r.error().startsWith("package not installable: '" + c[1] + "'"), r.error());
        }
        for (String bad : new String[] {"SOCAT", "s", "socat:", "socat:amd64:x", ".socat", "socat:AMD64"}) {
            ActionResult r = actions.execute(ActionHarness.request("PackageRemove", 60, "package", bad));
            assertEquals(2, r.exitCode(), bad + ": " + r.error());
            assertTrue(r.error().startsWith("invalid package: "), r.error());
        }
        assertEquals(List.of(), guard.aptGet, "apt-get was never run");
        assertTrue(installed("socat"), "socat is still installed");
    }

    @Test
    void anExactNameReachesAptGetAfterDoubleDashWithPatternsOffAndSelectsOnlyItself() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && installed("socat"),
                "needs apt and the socat package (installed on the build machine)");
        AptGuard guard = new AptGuard(true);
        ActionResult r = apt(guard).execute(ActionHarness.request("PackageRemove", 60, "package", "socat"));
        assertTrue(r.success(), r.error() + r.stderr());
        assertEquals(1, guard.aptGet.size());
        List<String> argv = guard.aptGet.get(0);
        assertEquals(List.of("remove", "--", "socat"), argv.subList(argv.size() - 3, argv.size()));
        assertTrue(String.join(" ", argv).contains("-o APT::Cmd::Pattern-Only=1"), argv.toString());
        List<String> removed = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("Remv ")) {
                removed.add(line.split(" ")[1]);
            }
        }
        assertEquals(List.of("socat"), removed, "apt-get's own simulation selects socat and nothing else");
        assertTrue(installed("socat"), "a simulation changes nothing");
        ActionResult arch = apt(guard).execute(ActionHarness.request("PackageRemove", 60, "package", "socat:amd64"));
        Assumptions.assumeTrue(arch.success(), "not an amd64 machine: " + arch.error());
        assertTrue(arch.stdout().contains("Remv socat "), arch.stdout());
    }

    /** The option itself, with apt's own simulation: a regex is a pattern without it and nothing with it. */
    @Test
    void patternOnlyTurnsAptGetRegexesOff() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && installed("socat"),
                "needs apt and the socat package");
        List<String> plain = List.of("/usr/bin/apt-get", "-s", "remove", "--", "soca.");
        ExecResult regex = ActionHarness.ENGINE.run(new ExecRequest(plain, Map.of("LC_ALL", "C"), null, null,
                ActionHarness.deadline(60), null));
        Assumptions.assumeTrue(regex.stdout().contains("Remv socat"), "this apt does not expand regexes anyway");
        List<String> exact = new ArrayList<>(List.of("/usr/bin/apt-get", "-s"));
        exact.addAll(AptPackageManager.EXACT);
        exact.addAll(List.of("remove", "--", "soca."));
        ExecResult r = ActionHarness.ENGINE.run(new ExecRequest(exact, Map.of("LC_ALL", "C"), null, null,
                ActionHarness.deadline(60), null));
        assertEquals(100, r.exitCode(), r.stdout() + r.stderr());
        assertFalse(r.stdout().contains("Remv"), r.stdout());
    }

    /** An apt without Pattern-Only answers a regex with other packages' blocks: recorded, refused. */
    @Test
    void aptCachePolicyOfAnotherNameIsRefused() throws Exception {
        OsOperationException e = assertThrows(OsOperationException.class,
                () -> AptPackageManager.parsePolicy("soca.", "soca.", res("apt-cache-policy-regex-soca.txt")));
        assertEquals("package not found: no package is named exactly 'soca.' (the package manager would select "
                + "socat); names are never patterns", e.getMessage());
        AptPackageManager.Selected sl = AptPackageManager.parsePolicy("sl", "sl", res("apt-cache-policy-sl.txt"));
        assertEquals(null, sl.installed);
        assertTrue(sl.candidate != null && sl.candidate.startsWith("5."), sl.candidate);
        AptPackageManager.Selected virtual = AptPackageManager.parsePolicy("mail-transport-agent",
                "mail-transport-agent", res("apt-cache-policy-virtual.txt"));
        assertEquals(null, virtual.candidate);
        assertThrows(OsOperationException.class, () -> AptPackageManager.parsePolicy("x", "x", ""));
    }

    /** dnf: rpm and {@code dnf list} must name exactly the package; only then {@code dnf -y op -- name}. */
    @Test
    void dnfActsOnlyOnExactNames() throws Exception {
        Fake fake = new Fake(argv -> {
            String cmd = String.join(" ", argv.subList(1, argv.size()));
            if (argv.get(0).endsWith("/rpm")) {
                if (cmd.endsWith("-- socat-1.7.4.4") || cmd.endsWith("-- socat")) {
                    return ok("socat\n"); // rpm -q also matches name-version
                }
                return new ExecResult(1, "package " + argv.get(argv.size() - 1) + " is not installed\n", "", false,
                        false, false, false, 1);
            }
            if (cmd.startsWith("-q list -- ")) {
                String name = argv.get(argv.size() - 1);
                if (name.equals("nginx") || name.equals("nginx-1.24.0")) {
                    return ok("Available Packages\nnginx.x86_64                 1:1.24.0-1.fc39                updates\n");
                }
                return new ExecResult(1, "", "Error: No matching Packages to list\n", false, false, false, false, 1);
            }
            return ok("Complete!\n");
        });
        PackageManager dnf = new DnfPackageManager(fake.commands());
        assertThrows(OsOperationException.class, () -> dnf.remove("socat-1.7.4.4", ActionHarness.deadline(30)));
        assertThrows(OsOperationException.class, () -> dnf.install("nginx-1.24.0", ActionHarness.deadline(30)));
        assertThrows(OsOperationException.class, () -> dnf.install("nosuch", ActionHarness.deadline(30)));
        for (String bad : new String[] {"@development-tools", "nginx:1.24", "nginx*", "/usr/bin/nginx", "nginx.",
                "-nginx", "libfoo.so.1()(64bit)"}) {
            OsOperationException e = assertThrows(OsOperationException.class,
                    () -> dnf.install(bad, ActionHarness.deadline(30)));
            assertEquals(2, e.exitCode(), bad);
        }
        assertFalse(fake.ran("dnf -y"), "dnf changed nothing so far: " + fake.calls);
        dnf.install("nginx", ActionHarness.deadline(30));
        dnf.remove("socat", ActionHarness.deadline(30));
        assertTrue(fake.ran("dnf -y install -- nginx"), fake.calls.toString());
        assertTrue(fake.ran("dnf -y remove -- socat"), fake.calls.toString());
        assertFalse(dnf.remove("nginx", ActionHarness.deadline(30)).changed(), "not installed: nothing to do");
        assertEquals(List.of("nginx", "nginx-docs"), RpmFamilyPackageManager.parseListNames("Installed Packages\n"
                + "nginx.x86_64   1:1.24.0-1.fc39   @updates\nAvailable Packages\nnginx.x86_64   1:1.24.0-2.fc39   "
                + "updates\nnginx-docs.noarch\n                       1:1.24.0-2.fc39   updates\n"));
    }

    /** zypper: by plain name ({@code --name}); {@code pattern:}, capabilities and versions refused. */
    @Test
    void zypperActsOnlyOnExactNames() throws Exception {
        Fake fake = new Fake(argv -> {
            String cmd = String.join(" ", argv.subList(1, argv.size()));
            if (argv.get(0).endsWith("/rpm")) {
                return new ExecResult(1, "package not installed\n", "", false, false, false, false, 1);
            }
            if (cmd.contains("search --match-exact")) {
                return argv.get(argv.size() - 1).equals("nginx")
                        ? ok("S | Name  | Summary                 | Type\n--+-------+-------------------------+--------\n"
                        + "  | nginx | A HTTP server and proxy | package\n")
                        : new ExecResult(104, "No matching items found.\n", "", false, false, false, false, 1);
            }
            return ok("");
        });
        PackageManager zypper = new ZypperPackageManager(fake.commands());
        assertEquals(2, assertThrows(OsOperationException.class,
                () -> zypper.install("pattern:lamp_server", ActionHarness.deadline(30))).exitCode());
        assertEquals(1, assertThrows(OsOperationException.class,
                () -> zypper.install("nginx-1.24", ActionHarness.deadline(30))).exitCode());
        zypper.install("nginx", ActionHarness.deadline(30));
        assertTrue(fake.ran("zypper --non-interactive install --name -- nginx"), fake.calls.toString());
        assertFalse(zypper.remove("nginx", ActionHarness.deadline(30)).changed());
        assertFalse(fake.ran("zypper --non-interactive remove"), fake.calls.toString());
    }

    /** Item 5a with a policy: {@code deny=["socat"]} also covers {@code socat:amd64}. */
    @Test
    void aPackageDenyRuleCoversTheArchitectureQualifiedName() {
        GuestPolicy p = new GuestPolicy(true, true, PatternRule.ANY, PatternRule.ANY,
                new PatternRule(null, List.of("socat")), PatternRule.ANY, PatternRule.ANY, PatternRule.ANY,
                SelfBudget.DEFAULT);
        PolicyEvaluator e = new PolicyEvaluator(new LoadedPolicy(p, "test", "sha256:x", null), u -> u == null,
                "root", s -> java.util.Optional.empty(), pid -> java.util.Optional.empty());
        for (String name : new String[] {"socat", "socat:amd64", "SOCAT"}) {
            JsonObject ct = JsonObject.builder().put("action", "PackageRemove").put("package", name).build();
            assertFalse(e.safeCommand("PackageRemove", new ActionParameters(ct, null)).allowed(), name);
        }
    }

    /** A runner for package managers that cannot exist here, answering in their documented formats. */
    private static final class Fake implements ProgramRunner {
        final List<String> calls = new ArrayList<>();
        private final Function<List<String>, ExecResult> answer;

        Fake(Function<List<String>, ExecResult> answer) {
            this.answer = answer;
        }

        /** Programs found in a directory of placeholders: the runner answers for them, nothing is executed. */
        Commands commands() throws IOException {
            Path bin = Files.createTempDirectory("fake-bin");
            bin.toFile().deleteOnExit();
            for (String p : new String[] {"rpm", "dnf", "yum", "zypper"}) {
                Path f = Files.writeString(bin.resolve(p), "#!/bin/false\n");
                f.toFile().setExecutable(true);
                f.toFile().deleteOnExit();
            }
            return new Commands(this, new Programs(List.of(bin)));
        }

        @Override
        public ExecResult run(ExecRequest request) {
            List<String> argv = request.command();
            calls.add(argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1) + " "
                    + String.join(" ", argv.subList(1, argv.size())));
            return answer.apply(argv);
        }

        boolean ran(String prefix) {
            return calls.stream().anyMatch(c -> c.startsWith(prefix));
        }
    }

    private static ExecResult ok(String stdout) {
        return new ExecResult(0, stdout, "", false, false, false, false, 1);
    }

    private static String res(String name) throws IOException {
        try (InputStream in = ExactPackageNamesTest.class.getResourceAsStream("/actions/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
