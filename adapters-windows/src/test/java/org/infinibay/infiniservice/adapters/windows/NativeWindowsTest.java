package org.infinibay.infiniservice.adapters.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.windows.channel.PortOpener;
import org.infinibay.infiniservice.adapters.windows.channel.Win32Errors;
import org.infinibay.infiniservice.adapters.windows.channel.Win32OverlappedPort;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsProcessLauncher;
import org.infinibay.infiniservice.adapters.windows.service.ScmServiceHost;
import org.infinibay.infiniservice.adapters.windows.service.ServiceBody;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsShells;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The native bindings, run only on a Windows machine (tag {@code windows}; the Windows workflow
 * enables it). Not run in this Linux environment.
 */
@Tag("windows")
class NativeWindowsTest {

    @Test
    void anAbsentPortIsReportedAsAbsent() {
        PortOpener.PortOpenException e = assertThrows(PortOpener.PortOpenException.class,
                () -> Win32OverlappedPort.open("\\\\.\\Global\\org.infinibay.no-such-port"));
        assertTrue(Win32Errors.meansAbsent(e.errorCode()), "error " + e.errorCode());
    }

    @Test
    void aProcessStartedByHandIsNotAService() {
        ServiceBody never = new ServiceBody() {
            @Override
            public void run(Runnable running) {
                throw new AssertionError("not started by the SCM");
            }

            @Override
            public void stop() {
            }
        };
        assertEquals(ScmServiceHost.Outcome.NOT_STARTED_BY_SCM, new ScmServiceHost("InfiniServiceTest", never).dispatch());
    }

    @Test
    void cmdReceivesEmbeddedQuotesVerbatimAndTheJobKillsTheTree() throws Exception {
        WindowsShells shells = new WindowsShells(n -> false);
        List<String> argv = shells.command(null, "echo \"a  b\"").argv();
        LaunchedProcess p = new WindowsProcessLauncher().launch(new LaunchSpec(argv, Map.copyOf(System.getenv()),
                null, null));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("\"a  b\"", new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8).strip());
        LaunchedProcess tree = new WindowsProcessLauncher().launch(new LaunchSpec(
                shells.command(null, "ping -n 60 127.0.0.1 > NUL").argv(), Map.copyOf(System.getenv()), null, null));
        tree.killTree();
        assertTrue(tree.waitFor(10, TimeUnit.SECONDS));
        Thread.sleep(500);
        assertTrue(!tree.treeAlive(), "ping (a grandchild of the agent) died with the job");
    }
}
