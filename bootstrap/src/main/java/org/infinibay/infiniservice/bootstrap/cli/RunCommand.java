package org.infinibay.infiniservice.bootstrap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.infinibay.infiniservice.adapters.serial.InstanceAlreadyRunningException;
import org.infinibay.infiniservice.adapters.serial.InstanceLock;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationException;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.bootstrap.wiring.Callbacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the agent until stopped (SIGTERM / service stop). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent (the service's main job).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Metrics interval, 1-60 s (default 30).")
    Integer interval;

    public RunCommand() {
    }

    RunCommand(CommonOptions common, Integer interval) {
        this.common = common;
        this.interval = interval;
    }

    /** {@code run} with no options, exactly as the parsed command line would run it. */
    public static int runWithoutOptions() {
        try {
            return new RunCommand(new CommonOptions(), null).call();
        } catch (Exception e) {
            System.err.println("infiniservice: " + e);
            return 1;
        }
    }

    @Override
    public Integer call() throws Exception {
        Configuration c;
        try {
            c = Launch.configuration(common, interval, System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("infiniservice: " + e.getMessage());
            return 2;
        }
        Launch.logging(c);
        try {
            Files.createDirectories(c.stateDir());
        } catch (IOException e) {
            // not fatal: the agent runs degraded (metrics and read-only commands), see StateDirectoryCheck
            Logs.get(RunCommand.class).log(System.Logger.Level.ERROR,
                    "cannot create state directory {0}: {1}", c.stateDir(), e.toString());
        }
        try (InstanceLock lock = InstanceLock.acquire(c.stateDir())) {
            RunAgentUseCase agent = Launch.component(c, Launch.policy(common)).agent();
            Thread hook = new Thread(Callbacks.stop(agent), "infiniservice-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            agent.run();
            return 0;
        } catch (InstanceAlreadyRunningException e) {
            System.err.println("infiniservice: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            // only when no lock at all can be taken (state directory and /run both unusable)
            System.err.println("infiniservice: " + e.getMessage());
            return 1;
        }
    }
}
