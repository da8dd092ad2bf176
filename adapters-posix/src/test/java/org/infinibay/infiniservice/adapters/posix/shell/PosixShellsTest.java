package org.infinibay.infiniservice.adapters.posix.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table itself; that the chosen shells really run is tested with real processes in adapters-linux. */
class PosixShellsTest {
    private static PosixShells with(String... installed) {
        Set<String> s = Set.of(installed);
        return new PosixShells(s::contains);
    }

    @Test
    void table() {
        PosixShells shells = with("bash", "sh");
        String raw = "echo \"$HOME\" 'x'";
        assertEquals(List.of("bash", "-c", raw), shells.command("BASH", raw).argv());
        assertEquals(List.of("bash", "-c", raw), shells.command("bash", raw).argv());
        assertEquals(List.of("sh", "-c", raw), shells.command("Sh", raw).argv());
        assertEquals(List.of("bash", "-c", raw), shells.command(null, raw).argv());
        assertEquals(List.of("bash", "-c", raw), shells.command("tcsh", raw).argv(), "unknown: default");
        assertEquals(126, shells.command("POWERSHELL", raw).refusalCode());
        assertEquals(126, shells.command("pwsh", raw).refusalCode());
        assertEquals(126, shells.command("cmd", raw).refusalCode());
        assertEquals(126, shells.command("CMD.EXE", raw).refusalCode());
        assertEquals(126, shells.command("zsh", raw).refusalCode());
        assertTrue(shells.command("fish", raw).refusal().contains("not installed"));
    }

    @Test
    void optionalShellsWhenInstalled() {
        PosixShells shells = with("sh", "zsh", "pwsh");
        assertEquals(List.of("sh", "-c", "x"), shells.command(null, "x").argv(), "no bash: sh");
        assertEquals(List.of("zsh", "-c", "x"), shells.command("ZSH", "x").argv());
        assertEquals(List.of("pwsh", "-NoProfile", "-NonInteractive", "-Command", "x"),
                shells.command("PowerShell", "x").argv());
        assertEquals(List.of("pwsh", "-NoProfile", "-NonInteractive", "-File", "/t/s.ps1"),
                shells.script("POWERSHELL", "/t/s.ps1").argv());
    }

    @Test
    void scriptsRunAsFiles() {
        PosixShells shells = with("bash", "sh");
        assertEquals(List.of("bash", "/t/script.sh"), shells.script("BASH", "/t/script.sh").argv());
        assertEquals(List.of("sh", "/t/script.sh"), shells.script("sh", "/t/script.sh").argv());
        assertEquals(126, shells.script("CMD", "/t/script.sh").refusalCode());
        assertEquals(".sh", shells.scriptExtension("BASH"));
        assertEquals(".ps1", shells.scriptExtension("POWERSHELL"));
    }

    @Test
    void agentAccounts() {
        PosixShells shells = with();
        assertTrue(shells.isAgentAccount(null));
        assertTrue(shells.isAgentAccount(""));
        assertTrue(shells.isAgentAccount("root"));
        assertTrue(shells.isAgentAccount("SYSTEM"));
        assertTrue(!shells.isAgentAccount("alice"));
    }
}
