package org.infinibay.infiniservice.bootstrap;

import org.infinibay.infiniservice.bootstrap.cli.CommandLineFactory;
import org.infinibay.infiniservice.bootstrap.cli.RunCommand;
import org.infinibay.infiniservice.bootstrap.cli.VersionInfo;
import org.infinibay.infiniservice.bootstrap.logging.LineLogs;
import org.infinibay.infiniservice.bootstrap.os.GuestSystem;

/** Entry point: {@code java -m org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // First: every logger of the process (Logs) resolves through the agent's own backend, never
        // through System.getLogger's LoggerFinder lookup (~140 classes; docs/performance.md). For
        // every command and the Windows service alike.
        LineLogs.install();
        // CONTRACT §1.6: started by the OS's service manager as a service (Windows SCM) ⇒ service mode,
        // whatever the arguments
        Integer service = GuestSystem.running().runAsServiceIfStartedBySystem(args, VersionInfo.version());
        if (service != null) {
            System.exit(service);
        }
        if (args.length == 1 && args[0].equals("run")) {
            // The service's own invocation (the systemd unit's `run`: everything else comes from
            // config.toml and the environment) needs no parser. Picocli's ~170 classes cannot be put
            // in the class-data archive (class-file version 49) and would stay resident for the life
            // of the service: 0.7 MiB (docs/performance.md). Same command, same code path as below.
            System.exit(RunCommand.runWithoutOptions());
        }
        int code = CommandLineFactory.create().execute(args);
        System.exit(code);
    }
}
