package org.infinibay.infiniservice.adapters.windows.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void cmdLineWithEmbeddedQuotesReachesCmdVerbatim() {
        String raw = "powershell -NoProfile -ExecutionPolicy Bypass -Command \"Get-Service | Where {$_.Name -eq 'x'}\"";
        WindowsShells shells = new WindowsShells(name -> false);
        ShellCommand c = shells.command(null, raw);
        List<String> argv = c.argv();
        assertEquals(WindowsShells.commandLine(argv), WindowsProcessLauncher.expectedCommandLine(argv));
        assertEquals("cmd.exe /d /s /c \"" + raw + "\"", WindowsProcessLauncher.expectedCommandLine(argv));
    }

    @Test
    void plainArgumentsWithSpacesAreQuotedOnce() {
        assertEquals("\"C:\\Program Files\\x.exe\" a \"b c\"",
                WindowsProcessLauncher.expectedCommandLine(List.of("C:\\Program Files\\x.exe", "a", "b c")));
    }
}
