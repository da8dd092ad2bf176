package org.infinibay.infiniservice.bootstrap.cli;

import java.util.concurrent.Callable;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints exactly one metrics wire line to stdout (logs go to stderr). */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Collect once and print one metrics line, exactly as it would be sent to the host.")
public final class MetricsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--once", description = "Print one line and exit (the default).")
    boolean once = true;

    @Override
    public Integer call() throws Exception {
        Configuration c;
        try {
            c = Launch.configuration(common, null, System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("infiniservice: " + e.getMessage());
            return 2;
        }
        Launch.logging(c);
        String line = Launch.component(c).metrics().collectMetricsLine();
        System.out.print(line + "\n");
        System.out.flush();
        return 0;
    }
}
