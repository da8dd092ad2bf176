package org.infinibay.infiniservice.e2e;

import java.io.IOException;
import java.util.List;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** Where the contract differs between the two systems: what the scenario sends and what it expects back. */
interface PlatformExpectations extends AutoCloseable {

    /** The handshake's {@code platform}. */
    String platform();

    /** Checks the OS-specific parts of a metrics line ({@code windows_services}, {@code applications}). */
    void checkMetrics(JsonObject data);

    /** A long-running program the scenario kills with ProcessKill. */
    Process startKillable() throws IOException;

    /** {@code shell} and {@code raw_command} of an unsafe command that starts a child and a grandchild and never ends. */
    List<String> endlessTree();

    /** ServiceList and ServiceControl against this system's service manager, through the host. */
    void serviceSteps(Steps steps) throws Exception;

    /** ExecutePowerShellScript: run on Windows, "not supported" (126) on Linux. */
    void powerShellStep(Steps steps) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** What a platform step may do: send a signed SafeCommand and get its response. */
    interface Steps {
        JsonObject safe(String action, String commandTypeFields, int timeoutSeconds) throws Exception;
    }
}
