package org.infinibay.infiniservice.application.service;

import java.util.Optional;
import org.infinibay.infiniservice.domain.auth.SharedSecret;

/**
 * The effective settings the core needs. Loaded and validated by bootstrap (CLI > environment >
 * file > defaults); the core never reads the environment itself.
 *
 * @param vmId                informational {@code vm_id}; {@code null} when unset (never invented, P18)
 * @param secret              the HMAC key; empty = inbound channel locked (fail closed)
 * @param metricsIntervalSeconds 1-60 (CONTRACT §6.5)
 * @param processesPerKind    top-N processes by CPU and by memory in metrics (§7.5)
 * @param commandTypeAction   {@code true}: responses carry the action name in command_type (§9.4)
 */
public record AgentSettings(String vmId, Optional<SharedSecret> secret, String agentVersion, String platform,
                            int metricsIntervalSeconds, int processesPerKind, boolean commandTypeAction,
                            int workerThreads) {
    public AgentSettings {
        if (metricsIntervalSeconds < 1 || metricsIntervalSeconds > 60) {
            throw new IllegalArgumentException("metrics interval must be 1-60 s, got " + metricsIntervalSeconds);
        }
        if (workerThreads < 4) {
            workerThreads = 4; // CONTRACT §8.6: at least four workers
        }
    }
}
