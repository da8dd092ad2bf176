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
import java.util.Optional;
import java.util.function.Function;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 5b: ServiceControl and RestartServices act on service units only. systemd cannot run
 * in this build container (no {@code /run/systemd/system}), so {@code systemctl} answers with the
 * recorded output of tools/ci.d/35-systemd.sh (resources/actions/README.md); the real-systemd check
 * of the same refusal is in tools/ci.d/35-systemd/ServiceControlDriver.java.
 */
class ServiceUnitsOnlyTest {
    @TempDir
    Path tmp;

    /** Recorded {@code systemctl} answers; every call is logged, and "start"/"stop"/... are what must never run. */
    private final class Systemctl implements ProgramRunner {
        final List<String> calls = new ArrayList<>();
        final Function<String, String> show;

        Systemctl(Function<String, String> show) {
            this.show = show;
        }

        @Override
        public ExecResult run(ExecRequest request) {
            List<String> argv = request.command();
            String cmd = String.join(" ", argv.subList(1, argv.size()));
            calls.add(cmd);
            if (argv.get(1).equals("show")) {
                return new ExecResult(0, show.apply(argv.get(argv.size() - 1)), "", false, false, false, false, 1);
            }
            return new ExecResult(0, "", "", false, false, false, false, 1);
        }

        ServiceActions actions(PolicyEvaluator policy) throws IOException {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path systemctl = bin.resolve("systemctl");
            if (!Files.exists(systemctl)) {
                Files.writeString(systemctl, "#!/bin/false\n");
                systemctl.toFile().setExecutable(true);
            }
            Path runtime = Files.createDirectories(tmp.resolve("run-systemd-system"));
            return new ServiceActions(new SystemdServiceManager(new Commands(this, new Programs(List.of(bin))), runtime), policy);
        }

        boolean acted() {
            return calls.stream().anyMatch(c -> !c.startsWith("show "));
        }
    }

    @Test
    void targetsMountsAndTemplatesAreRefusedBeforeSystemctlRuns() throws Exception {
        Systemctl systemctl = new Systemctl(unit -> res("systemctl-show-itest.txt"));
        ServiceActions actions = systemctl.actions(PolicyEvaluator.permissive());
        for (String name : new String[] {"reboot.target", "poweroff.target", "halt.target", "home.mount",
                "tmp.mount", "ssh.socket", "apt-daily.timer", "reboot.target.service", "getty@", "getty@.service",
                "@tty1", "a@b@c", "user.slice", "dev-sda.device", "swap.swap", "."}) {
            for (String op : new String[] {"start", "stop", "restart", "status"}) {
                ActionResult r = actions.execute(ActionHarness.request("ServiceControl", 30, "service", name,
                        "operation", op));
                assertEquals(2, r.exitCode(), name + " " + op + ": " + r.error());
                assertTrue(r.error().startsWith("invalid service: '" + name + "' is not a service ("), r.error());
            }
            ActionResult restart = actions.execute(ActionHarness.request("RestartServices", 30, "service_name", name));
            assertFalse(restart.success(), name);
        }
        assertEquals(List.of(), systemctl.calls, "systemctl was never asked");
    }

    @Test
    void aPlainNameIsItsServiceAndIsActedOnByItsId() throws Exception {
        Systemctl systemctl = new Systemctl(unit -> res("systemctl-show-itest.txt"));
        ActionResult r = systemctl.actions(PolicyEvaluator.permissive()).execute(
                ActionHarness.request("ServiceControl", 30, "service", "itest", "operation", "restart"));
        assertTrue(r.success(), r.error());
        assertTrue(systemctl.calls.contains("restart -- itest.service"), systemctl.calls.toString());
        for (String c : systemctl.calls) {
            assertTrue(c.endsWith(" -- itest.service"), c);
        }
        assertEquals("getty@tty1.service", SystemdServiceManager.unit("getty@tty1"));
        assertEquals("dbus-org.freedesktop.resolve1.service", SystemdServiceManager.unit("dbus-org.freedesktop.resolve1"));
    }

    /** A service name that resolves to another unit type (systemd refuses such aliases; refused here too). */
    @Test
    void anAliasResolvingToANonServiceIsRefused() throws Exception {
        Systemctl systemctl = new Systemctl(unit -> "Id=reboot.target\nNames=reboot.target\nLoadState=loaded\n"
                + "ActiveState=inactive\nUnitFileState=static\nDescription=Reboot\n");
        ActionResult r = systemctl.actions(PolicyEvaluator.permissive()).execute(
                ActionHarness.request("ServiceControl", 30, "service", "innocent", "operation", "start"));
        assertEquals(2, r.exitCode());
        assertEquals("invalid service: 'innocent' is not a service (it resolves to reboot.target, which is not a "
                + "service); ServiceControl acts on service units only", r.error());
        assertFalse(systemctl.acted(), systemctl.calls.toString());
        OsOperationException e = assertThrows(OsOperationException.class,
                () -> SystemdServiceManager.requireService("x", SystemdServiceManager.keyValues(
                        "Id=home.mount\nLoadState=loaded\n")));
        assertEquals(2, e.exitCode());
    }

    /** {@code [services] deny=["ssh"]}: the alias {@code sshd} (Debian's name for ssh.service) is denied too. */
    @Test
    void aServiceDenyRuleHoldsForEveryAlias() throws Exception {
        Systemctl systemctl = new Systemctl(unit -> "Id=ssh.service\nNames=ssh.service sshd.service\n"
                + "LoadState=loaded\nActiveState=active\nUnitFileState=enabled\nDescription=OpenBSD Secure Shell server\n");
        GuestPolicy noSsh = new GuestPolicy(true, true, PatternRule.ANY, new PatternRule(null, List.of("ssh")),
                PatternRule.ANY, PatternRule.ANY, PatternRule.ANY, PatternRule.ANY, SelfBudget.DEFAULT);
        PolicyEvaluator policy = new PolicyEvaluator(new LoadedPolicy(noSsh, "test", "sha256:x", null),
                u -> u == null, "root", s -> Optional.empty(), pid -> Optional.empty());
        JsonObject sshd = JsonObject.builder().put("action", "ServiceControl").put("service", "sshd").build();
        assertTrue(policy.safeCommand("ServiceControl", new org.infinibay.infiniservice.domain.command.ActionParameters(
                sshd, null)).allowed(), "the name as sent passes the dispatcher's check");
        ActionResult r = systemctl.actions(policy).execute(ActionHarness.request("ServiceControl", 30, "service",
                "sshd", "operation", "stop"));
        assertEquals(1, r.exitCode());
        assertEquals("denied by guest policy: services.deny \"ssh\" matches \"ssh.service\"", r.error());
        ActionResult restart = systemctl.actions(policy).execute(ActionHarness.request("RestartServices", 30,
                "service_name", "sshd"));
        assertFalse(restart.success());
        assertFalse(systemctl.acted(), systemctl.calls.toString());
    }

    private static String res(String name) {
        try (InputStream in = ServiceUnitsOnlyTest.class.getResourceAsStream("/actions/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
