package org.infinibay.infiniservice.bootstrap;

import org.infinibay.infiniservice.bootstrap.cli.CommandLineFactory;

/** Entry point: {@code java -m org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            // CONTRACT §1.6: started by the service control manager ⇒ service mode, whatever the arguments
            Integer service = org.infinibay.infiniservice.bootstrap.wiring.WindowsServiceBoot.runIfStartedByScm(args,
                    org.infinibay.infiniservice.bootstrap.cli.VersionInfo.version());
            if (service != null) {
                System.exit(service);
            }
        }
        int code = CommandLineFactory.create().execute(args);
        System.exit(code);
    }
}
