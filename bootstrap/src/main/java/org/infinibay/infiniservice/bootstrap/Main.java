package org.infinibay.infiniservice.bootstrap;

import org.infinibay.infiniservice.bootstrap.cli.CommandLineFactory;

/** Entry point: {@code java -m org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = CommandLineFactory.create().execute(args);
        System.exit(code);
    }
}
