package org.infinibay.infiniservice.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native Windows run of the scenario: the agent's {@code --device} is a named pipe served through
 * overlapped {@code CreateNamedPipe}. Run on Windows (elevated) by {@code tools/windows-e2e.ps1}
 * (profile {@code windows-e2e}) and by .github/workflows/windows.yml; skipped elsewhere.
 */
@EnabledOnOs(OS.WINDOWS)
@Tag("windows-e2e")
class WindowsAgentScenarioIT {
    @TempDir
    Path tmp;

    @Test
    void theScenarioPassesAgainstTheWindowsAgentOverANamedPipe() throws Exception {
        try (WindowsExpectations windows = new WindowsExpectations(tmp)) {
            new AgentScenario(new NamedPipeTransport(), windows, tmp).run();
        }
    }
}
