package org.infinibay.infiniservice.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows end-to-end scenario's OS-neutral part (host side, signing, steps, wire checks) against
 * the Linux agent over a Unix socket, in the default test run: the Windows suite cannot rot unnoticed.
 */
@DisabledOnOs(OS.WINDOWS)
class LinuxAgentScenarioIT {
    @TempDir
    Path tmp;

    @Test
    void theScenarioPassesAgainstTheLinuxAgent() throws Exception {
        new AgentScenario(new UnixSocketTransport(), new LinuxExpectations(), tmp).run();
    }
}
