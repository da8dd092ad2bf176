package org.infinibay.infiniservice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archfixture.indy.PlantedLambda;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.adapters.serial.InstanceLock;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.architecture.ClassFileScan.Indy;
import org.infinibay.infiniservice.bootstrap.Main;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * No invokedynamic on the agent's steady path (issue #17): the start-up path, a metrics cycle, keep-alive handling,
 * the verification and dispatch of a signed command, outbound queueing and writing, the replay cache and the
 * pending-scripts poll. The first lambda or method reference the agent runs loads the LambdaMetafactory machinery
 * (~90 classes, for its life, in every VM). The project compiles with {@code -XDstringConcat=inline}, so string
 * concatenation is no invokedynamic; one that is (StringConcatFactory) is a violation like a lambda.
 *
 * <p>Three rules, one per part of the agent, each over the compiled main classes of its modules (their
 * {@code target/classes}, or their jars after {@code package}, found through the code source of one class of each,
 * as they are on this module's test class path; {@link ClassFileScan} reads the constant pools):
 * <ul>
 * <li>{@link #DOMAIN}: the domain's steady packages;</li>
 * <li>{@link #APPLICATION}: the application's steady packages (a command's own work after verification is not);</li>
 * <li>{@link #ADAPTERS_AND_BOOTSTRAP}: every class of adapters-linux, adapters-posix, adapters-serial and
 * bootstrap.</li>
 * </ul>
 * In each, a steady class may have an invokedynamic only if all of it is bootstrapped by ObjectMethods: a record's
 * generated equals/hashCode/toString, linked only when one of them is called. A record whose generated methods do run
 * in steady state (a map key, a set element, compared, printed) writes them out and is listed in the rule's
 * written-out list, which requires no invokedynamic at all; one that is missed there is caught at run time by
 * {@code SteadyStateClassesIT} (ObjectMethods among the machineries it forbids). Cold-path classes may keep a lambda
 * when listed, each with why; every list entry is checked to be still needed.
 *
 * <p>Lives in bootstrap's tests because the project has no shared test-support module and this module's test class
 * path has every main module but the Windows adapter. Each rule is shown able to fail on the planted classes of
 * {@code archfixture.indy} ({@link #plantedViolationsFailEachRule()}).
 */
class NoInvokeDynamicTest {
    private static final String P = "org.infinibay.infiniservice.";
    private static final String D = P + "domain.";
    private static final String A = P + "application.";

    static final Rule DOMAIN = new Rule("domain",
            List.of(ClassFileScan.codeSource(JsonObject.class)),
            // every domain package runs at start-up, in a metrics cycle or in a command's verification
            List.of(D + "json.", D + "message.", D + "metrics.", D + "auth.", D + "time.", D + "command.",
                    D + "crypto.", D + "log."),
            List.of(),
            // cold-path classes allowed to keep a lambda (each with why). Empty today: keep it short.
            Set.of(),
            // records compared or hashed in steady state: equals/hashCode/toString written out
            List.of(D + "json.JsonObject", D + "json.JsonArray", D + "json.JsonString", D + "json.JsonInt",
                    D + "json.JsonFloat"),
            40);

    /**
     * The packages that run at start-up, in a metrics cycle, in keep-alive handling, in the verification and
     * dispatch of a signed command, in outbound queueing and writing, in the replay cache and spool and in the
     * pending-scripts poll, and the root {@code service} package's own classes (AgentSettings, the sinks). Not listed,
     * because they are a command's own work after verification (cold, may keep lambdas): {@code service.actions} (the
     * safe actions and the inventory cache), {@code service.exec} (running a process), {@code service.unsafe}.
     */
    static final Rule APPLICATION = new Rule("application",
            List.of(ClassFileScan.codeSource(AgentSettings.class)),
            List.of(A + "service.agent.", A + "service.auth.", A + "service.command.", A + "service.outbound.",
                    A + "service.metrics.", A + "service.scripts.", A + "service.selfcheck.", A + "service.apps.",
                    A + "service.policy.", A + "port.in.", A + "port.out."),
            List.of(A + "service."),
            Set.of(
                    // the script worker's thread factory, running a script and completing it: a script's own work
                    // once the host sent one; the poll (RetryStep) and an empty response have no lambda
                    A + "service.scripts.PendingScriptsService"),
            // records compared or hashed in steady state: equals/hashCode written out
            List.of(A + "service.apps.UsageBook$Launch"),
            80);

    static final Rule ADAPTERS_AND_BOOTSTRAP = new Rule("adapters-linux, adapters-posix, adapters-serial, bootstrap",
            List.of(ClassFileScan.codeSource(ProcfsSystemMetricsSource.class),
                    ClassFileScan.codeSource(PosixShells.class),
                    ClassFileScan.codeSource(InstanceLock.class),
                    ClassFileScan.codeSource(Main.class)),
            List.of(P), // every class of the four modules
            List.of(),
            Set.of(
                    // --- a command's own work, after verification and dispatch: killing a launched program's tree,
                    // the cleanup, golden-image and service-listing actions, a missing program's error
                    P + "adapters.linux.exec.LinuxLaunchedProcess",
                    P + "adapters.linux.actions.Commands",
                    P + "adapters.linux.actions.OpenFiles",
                    P + "adapters.linux.actions.LinuxGoldenImagePreparer",
                    P + "adapters.linux.actions.SystemdServiceManager",
                    // --- demo and the host simulator (demo, tests), diagnose
                    P + "bootstrap.hostsim.AgentLineLog",
                    P + "bootstrap.hostsim.HostSimulator",
                    P + "bootstrap.hostsim.HostEnd",
                    P + "bootstrap.cli.DemoCommand",
                    P + "bootstrap.cli.DiagnoseCommand",
                    P + "bootstrap.diagnose.Diagnostics",
                    P + "bootstrap.diagnose.ServiceState",
                    P + "bootstrap.os.GuestSystem", // devices() and serviceState(): diagnose only
                    // --- Windows only (a Linux agent never loads them)
                    P + "bootstrap.os.windows.WindowsServiceBoot",
                    P + "bootstrap.os.windows.WindowsChannelModule",
                    P + "bootstrap.os.windows.WindowsModule"),
            // a map key of every port scan: equals/hashCode written out. (bootstrap.config.Configuration and
            // ConfigFile$Scalar write out toString only, logged or in error messages; their equals/hashCode are
            // never called, so they keep ObjectMethods like every other record.)
            List.of(P + "adapters.linux.metrics.ProcfsPortSource$Key"),
            300);

    static List<Rule> rules() {
        return List.of(DOMAIN, APPLICATION, ADAPTERS_AND_BOOTSTRAP);
    }

    @Test
    void domainSteadyPathHasNoInvokeDynamic() throws IOException {
        assertHolds(DOMAIN);
    }

    @Test
    void applicationSteadyPathHasNoInvokeDynamic() throws IOException {
        assertHolds(APPLICATION);
    }

    @Test
    void adaptersAndBootstrapHaveNoInvokeDynamicOutsideTheColdPathAllowList() throws IOException {
        assertHolds(ADAPTERS_AND_BOOTSTRAP);
    }

    @Test
    void everyAllowedClassStillExistsWithAnInvokeDynamic() throws IOException {
        for (Rule rule : rules()) {
            assertEquals(List.of(), rule.check().stale, rule.name + ": allow-list entries that would pass without it "
                    + "(gone, out of the steady packages, no invokedynamic or only a record's): remove them");
        }
    }

    @Test
    void everyWrittenOutRecordStillExists() throws IOException {
        for (Rule rule : rules()) {
            Map<String, Indy> classes = rule.classes();
            for (String r : rule.writtenOut) {
                assertTrue(classes.containsKey(r), rule.name + ": written-out entry " + r + " is gone: remove it");
            }
        }
    }

    /** The scopes: a package list entry takes its sub-packages, an own-classes entry only its own classes. */
    @Test
    void steadyScopesAreWhatTheyClaim() {
        assertTrue(APPLICATION.steady(A + "service.AgentSettings"));
        assertTrue(APPLICATION.steady(A + "service.agent.AgentService"));
        assertFalse(APPLICATION.steady(A + "service.actions.SafeActionRegistry"));
        assertFalse(APPLICATION.steady(A + "service.exec.Anything"));
        assertTrue(DOMAIN.steady(D + "json.JsonObject"));
        assertTrue(ADAPTERS_AND_BOOTSTRAP.steady(P + "bootstrap.Main"));
        assertFalse(ADAPTERS_AND_BOOTSTRAP.steady("archfixture.indy.PlantedLambda"));
    }

    /**
     * Each rule, with its own allow-list and written-out list, over the planted classes of {@code archfixture.indy}
     * (a lambda, a record, a plain class with a string concatenation): the lambda fails it, the record passes it
     * (ObjectMethods only) unless it is listed as written out, the concatenation is no invokedynamic, an allow-list
     * entry lets the lambda pass and one that is not needed is stale, and a scan that finds too few classes fails.
     */
    @Test
    void plantedViolationsFailEachRule() throws IOException {
        Path testClasses = ClassFileScan.codeSource(PlantedLambda.class);
        String lambda = "archfixture.indy.PlantedLambda";
        String record = "archfixture.indy.PlantedRecord";
        String plain = "archfixture.indy.PlantedPlain";
        for (Rule rule : rules()) {
            Rule planted = rule.over(testClasses, "archfixture.indy.", 0);
            Report report = planted.check();
            assertEquals(3, report.scanned, rule.name);
            assertEquals(List.of(lambda + " 1 invokedynamic [LambdaMetafactory]"), report.violations, rule.name);
            AssertionError e = assertThrows(AssertionError.class, () -> assertHolds(planted), rule.name);
            assertTrue(e.getMessage().contains(lambda), e.getMessage());

            Rule lambdaAllowed = planted.allowing(lambda);
            assertHolds(lambdaAllowed); // the record (ObjectMethods only) and the concatenation pass
            assertFalse(lambdaAllowed.check().stale.contains(lambda), rule.name + ": a needed entry is not stale");

            Rule recordWrittenOut = lambdaAllowed.writingOut(record);
            assertEquals(List.of(record + " 3 invokedynamic [ObjectMethods]"), recordWrittenOut.check().writtenOutIndy,
                    rule.name);
            e = assertThrows(AssertionError.class, () -> assertHolds(recordWrittenOut), rule.name);
            assertTrue(e.getMessage().contains(record), e.getMessage());

            List<String> stale = lambdaAllowed.allowing(plain).allowing(record).check().stale;
            assertTrue(stale.contains(plain) && stale.contains(record) && !stale.contains(lambda),
                    rule.name + ": entries the rule does not need are stale: " + stale);

            Rule tooFew = rule.over(testClasses, "archfixture.indy.", rule.minScanned).allowing(lambda);
            e = assertThrows(AssertionError.class, () -> assertHolds(tooFew), rule.name);
            // an allowed class is not counted as scanned: the record and the plain class are
            assertTrue(e.getMessage().contains("scanned only 2 classes"), e.getMessage());
        }
        try (InputStream in = PlantedLambda.class.getResourceAsStream("PlantedLambda.class")) {
            Indy indy = ClassFileScan.read(in);
            assertEquals(1, indy.count);
            assertEquals(Set.of(ClassFileScan.LAMBDA), indy.bootstraps);
        }
    }

    /** Fails unless the rule scanned more than its minimum and found no violation and no written-out record's indy. */
    static void assertHolds(Rule rule) throws IOException {
        Report r = rule.check();
        assertTrue(r.scanned > rule.minScanned, rule.name + ": scanned only " + r.scanned + " classes: wrong place?");
        assertEquals(List.of(), r.violations, rule.name + ": invokedynamic (a lambda, method reference, stream "
                + "callback or indy concatenation) in a class that may run on the steady path: rewrite it, or add it "
                + "to the allow-list with why it is cold");
        assertEquals(List.of(), r.writtenOutIndy, rule.name + ": a record used in steady state must write out its "
                + "equals/hashCode/toString (no ObjectMethods)");
    }

    /** What one rule found. */
    static final class Report {
        int scanned;
        final List<String> violations = new ArrayList<>();
        final List<String> writtenOutIndy = new ArrayList<>();
        final List<String> stale = new ArrayList<>();
    }

    /** One part's rule: where its classes are, which are steady, and its lists. */
    static final class Rule {
        final String name;
        final List<Path> roots;
        /** Package prefixes ({@code a.b.}) whose classes, sub-packages included, are steady. */
        final List<String> steadyPackages;
        /** Packages ({@code a.b.}) whose own classes are steady (not their sub-packages). */
        final List<String> steadyOwnClasses;
        final Set<String> allowed;
        final List<String> writtenOut;
        final int minScanned;

        Rule(String name, List<Path> roots, List<String> steadyPackages, List<String> steadyOwnClasses,
                Set<String> allowed, List<String> writtenOut, int minScanned) {
            this.name = name;
            this.roots = roots;
            this.steadyPackages = steadyPackages;
            this.steadyOwnClasses = steadyOwnClasses;
            this.allowed = allowed;
            this.writtenOut = writtenOut;
            this.minScanned = minScanned;
        }

        /** The same lists over other classes: {@code pkg}'s classes in {@code root}. */
        Rule over(Path root, String pkg, int min) {
            return new Rule(name + " over " + pkg, List.of(root), List.of(pkg), List.of(), allowed, writtenOut, min);
        }

        Rule allowing(String className) {
            Set<String> more = new HashSet<>(allowed);
            more.add(className);
            return new Rule(name, roots, steadyPackages, steadyOwnClasses, more, writtenOut, minScanned);
        }

        Rule writingOut(String className) {
            List<String> more = new ArrayList<>(writtenOut);
            more.add(className);
            return new Rule(name, roots, steadyPackages, steadyOwnClasses, allowed, more, minScanned);
        }

        boolean steady(String className) {
            for (String p : steadyPackages) {
                if (className.startsWith(p)) {
                    return true;
                }
            }
            for (String p : steadyOwnClasses) {
                if (className.startsWith(p) && className.indexOf('.', p.length()) < 0) {
                    return true;
                }
            }
            return false;
        }

        Map<String, Indy> classes() throws IOException {
            Map<String, Indy> all = new TreeMap<>();
            for (Path root : roots) {
                all.putAll(ClassFileScan.classes(root));
            }
            return all;
        }

        /** A steady class whose invokedynamic is more than a record's ObjectMethods, unless allowed. */
        private boolean violates(String className, Indy indy) {
            return steady(className) && indy.count > 0 && !indy.onlyObjectMethods();
        }

        Report check() throws IOException {
            Report r = new Report();
            Map<String, Indy> classes = classes();
            for (Map.Entry<String, Indy> e : classes.entrySet()) {
                if (steady(e.getKey()) && !allowed.contains(e.getKey())) {
                    r.scanned++;
                    if (violates(e.getKey(), e.getValue())) {
                        r.violations.add(e.getKey() + " " + e.getValue());
                    }
                }
            }
            for (String w : writtenOut) {
                Indy indy = classes.get(w);
                if (indy != null && indy.count > 0) {
                    r.writtenOutIndy.add(w + " " + indy);
                }
            }
            for (String a : new TreeSet<>(allowed)) {
                Indy indy = classes.get(a);
                if (indy == null || !violates(a, indy)) {
                    r.stale.add(a);
                }
            }
            return r;
        }
    }
}
