package org.infinibay.infiniservice.bootstrap.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code infiniservice [run|metrics|diagnose|demo]}; without a command it runs the agent. */
@Command(name = "infiniservice", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Infinibay guest agent: metrics, signed host commands and scripts over virtio-serial.",
        subcommands = {RunCommand.class, MetricsCommand.class, DiagnoseCommand.class, DemoCommand.class})
public final class InfiniServiceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--diagnose", description = "Same as the diagnose command.")
    boolean diagnose;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Metrics interval, 1-60 s (default 30).")
    Integer interval;

    @Override
    public Integer call() throws Exception {
        if (diagnose) {
            return new DiagnoseCommand(common).call();
        }
        return new RunCommand(common, interval).call();
    }
}
