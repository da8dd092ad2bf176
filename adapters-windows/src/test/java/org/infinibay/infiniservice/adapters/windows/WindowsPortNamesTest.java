package org.infinibay.infiniservice.adapters.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsProcessControl;
import org.infinibay.infiniservice.adapters.windows.apps.WindowsApplicationInventory;
import org.infinibay.infiniservice.adapters.windows.defender.DefenderPowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.WindowsScriptHost;
import org.infinibay.infiniservice.adapters.windows.registry.RegistryUninstallReader;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.update.WuaUpdateAgent;
import org.infinibay.infiniservice.adapters.windows.winget.WingetPackageManager;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl.ProcessIdentity;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.junit.jupiter.api.Test;

/**
 * What the Windows ports tell the OS-neutral handlers, i.e. the Windows words on the wire that used to
 * be constants of the core (issue #15): the update agent's names, the antivirus product and its health
 * check, the PowerShell argv, the Store source and the inventory summary, which processes are protected,
 * the §8.2 name rules. Nothing here runs a program or loads a native library.
 */
class WindowsPortNamesTest {
    private static final ProgramRunner NO_PROGRAMS = r -> {
        throw new AssertionError("no program runs");
    };
    private static final PowerShell PS = new PowerShell(NO_PROGRAMS, null, "powershell.exe");

    @Test
    void updateAgentAndAntivirusNames() {
        WuaUpdateAgent wua = new WuaUpdateAgent(PS);
        assertEquals("windows_update", wua.name(), "update status package_manager");
        assertEquals("Windows Update", wua.displayName(), "CheckApplicationUpdates stdout line");
        DefenderPowerShell defender = new DefenderPowerShell(PS);
        assertEquals("Defender", defender.productName());
        assertEquals("windows_defender", defender.healthCheckName());
    }

    @Test
    void powerShellArgvNeverCarriesTheScript() {
        WindowsScriptHost host = new WindowsScriptHost(java.nio.file.Path.of("unused"), Map.of());
        assertEquals("PowerShell", host.language());
        assertEquals(List.of("C:\\Program Files\\PowerShell\\7\\pwsh.exe", "-NoProfile", "-NonInteractive",
                "-ExecutionPolicy", "Bypass", "-File", "C:\\s.ps1"),
                host.command("C:\\Program Files\\PowerShell\\7\\pwsh.exe", "C:\\s.ps1"));
    }

    @Test
    void storeAndInventorySummary() {
        WindowsApplicationInventory inv = new WindowsApplicationInventory(new RegistryUninstallReader(), PS);
        assertEquals("msstore", inv.storeSource());
        assertEquals("Microsoft Store", inv.storeName());
        assertEquals("2 applications (1 registry, 1 Store)", inv.summary(List.of(
                new InstalledApplication("Git", "2", null, null, null, null, "Registry", "k"),
                new InstalledApplication("Calc", "1", null, null, null, null, "Store", "c"))));
    }

    @Test
    void protectedProcesses() {
        WindowsProcessControl control = new WindowsProcessControl(NO_PROGRAMS, "C:\\Windows");
        assertTrue(control.reservedPid(0) && control.reservedPid(4));
        assertTrue(!control.reservedPid(1) && !control.reservedPid(5));
        for (String name : List.of("csrss", "lsass.exe", "WININIT.EXE", "smss", "services")) {
            assertTrue(control.isProtected(new ProcessIdentity(100, 1, name, false)), name);
        }
        assertTrue(!control.isProtected(new ProcessIdentity(100, 1, "notepad.exe", false)));
        assertTrue(control.isProtected(new ProcessIdentity(4, 0, "System", true)), "kernel processes");
    }

    /** CONTRACT §8.2, the Windows column (moved from the domain's ParameterRuleTest). */
    @Test
    void nameRules() {
        ParameterRule service = ScmServiceManager.SERVICE_NAMES;
        ParameterRule pkg = WingetPackageManager.PACKAGE_NAMES;
        assertTrue(service.violation("MSSQL$SQLEXPRESS").isEmpty());
        assertTrue(pkg.violation("Git Git").isEmpty());
        assertTrue(service.violation("-x").isPresent());
    }
}
