package org.infinibay.infiniservice.adapters.windows.exec;

import org.infinibay.infiniservice.application.port.out.ShellCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowsShellsTest {
    private final WindowsShells withoutPwsh = new WindowsShells(p -> false);
    private final WindowsShells withPwsh = new WindowsShells(p -> p.equals("pwsh.exe"));

    @Test
    void defaultIsCmdWithTheRawLineVerbatimIncludingEmbeddedQuotes() {
        String raw = "powershell -NoProfile -ExecutionPolicy Bypass -Command \"Get-Service | Where { $_.Status -eq 'Running' }\"";
        for (String shell : new String[] {null, "", "cmd", "CMD.EXE", "unknown"}) {
            ShellCommand c = withoutPwsh.command(shell, raw);
            assertFalse(c.isRefused());
            assertEquals(List.of("cmd.exe", "/d", "/s", "/c", "\"" + raw + "\""), c.argv());
            assertEquals("cmd.exe /d /s /c \"" + raw + "\"", WindowsShells.commandLine(c.argv()));
        }
    }

    @Test
    void powershellGetsRawAsOneArgument() {
        String raw = "Write-Output \"a b\"; $env:X";
        assertEquals(List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                "-Command", raw), withoutPwsh.command("POWERSHELL", raw).argv());
        assertEquals("powershell.exe", withoutPwsh.command("pwsh", raw).program());
        assertEquals("pwsh.exe", withPwsh.command("PwSh", raw).program());
    }

    @Test
    void posixShellsAre126() {
        for (String s : new String[] {"BASH", "sh", "Zsh", "fish"}) {
            ShellCommand c = withoutPwsh.command(s, "echo");
            assertTrue(c.isRefused());
            assertEquals(126, c.refusalCode());
            assertTrue(c.refusal().contains("not supported on Windows"));
            assertEquals(126, withoutPwsh.script(s, "C:\\x.sh").refusalCode());
        }
    }

    @Test
    void scriptsRunAsFiles() {
        assertEquals(List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                "C:\\T\\script.ps1"), withoutPwsh.script("POWERSHELL", "C:\\T\\script.ps1").argv());
        assertEquals(List.of("cmd.exe", "/d", "/c", "\"C:\\T\\script.cmd\""), withoutPwsh.script(null, "C:\\T\\script.cmd").argv());
        assertEquals(".ps1", withoutPwsh.scriptExtension("powershell"));
        assertEquals(".cmd", withoutPwsh.scriptExtension("CMD"));
        assertEquals(".cmd", withoutPwsh.scriptExtension(null));
    }

    @Test
    void runAsOnlySystemOrAdministrator() {
        for (String ok : new String[] {null, "", "SYSTEM", "system", "Administrator"}) {
            assertTrue(withoutPwsh.isAgentAccount(ok), ok);
            assertEquals(Optional.empty(), withoutPwsh.runAsUnsupported(ok));
        }
        assertEquals(Optional.of("run_as alice is not supported on Windows"), withoutPwsh.runAsUnsupported("alice"));
    }
}
