package org.infinibay.infiniservice.adapters.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.windows.powershell.WindowsScriptHost;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.services.ServiceRecord;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The SCM binding and the script host on a real Windows (tag {@code windows}; not run on Linux). */
@Tag("windows")
class NativeWindowsActionsTest {
    private static final String ROOT = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");

    @Test
    void scmListsEventLogAsARunningBuiltInService() throws Exception {
        ScmServiceManager scm = new ScmServiceManager(ROOT);
        assertTrue(scm.available());
        List<ServiceRecord> all = scm.read();
        ServiceRecord log = all.stream().filter(r -> r.name().equalsIgnoreCase("EventLog")).findFirst().orElseThrow();
        assertEquals("Running", log.state());
        assertEquals("Automatic", log.startType());
        assertTrue(log.isDefault(), log.exePath());
        assertTrue(log.pid() != null && log.pid() > 0);
        Deadline d = new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), 30);
        assertTrue(scm.find("InfiniServiceNoSuchService", d).isEmpty());
        assertEquals("Running", scm.find("EventLog", d).orElseThrow().state());
    }

    @Test
    void windowsPowerShellIsFound() {
        assertTrue(new WindowsScriptHost(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "isv-ps"),
                System.getenv()).interpreter().isPresent());
    }
}
