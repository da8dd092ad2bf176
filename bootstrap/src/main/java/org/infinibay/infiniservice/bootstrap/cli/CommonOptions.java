package org.infinibay.infiniservice.bootstrap.cli;

import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class CommonOptions {
    @Option(names = "--debug", description = "Log at DEBUG level (never logs secrets or env values).")
    boolean debug;

    @Option(names = "--device", paramLabel = "PATH",
            description = "Use this device only (or unix:<socket> to connect to a host simulator). "
                    + "Default: discover /dev/virtio-ports/org.infinibay.agent.")
    String device;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory (replay cache, spool). Default: INFINISERVICE_STATE_DIR or /var/lib/infiniservice.")
    String stateDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "config.toml to read (must exist). Default: INFINISERVICE_CONFIG, else "
                    + "/etc/infiniservice/config.toml (Windows: %%ProgramData%%\\InfiniService\\config.toml) if present.")
    String config;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Guest policy file (must exist, be owned by root and not group/world-writable). "
                    + "Default: /etc/infiniservice/policy.toml (Windows: %%ProgramData%%\\InfiniService\\policy.toml) "
                    + "if present, else the built-in default (everything allowed).")
    String policy;
}
