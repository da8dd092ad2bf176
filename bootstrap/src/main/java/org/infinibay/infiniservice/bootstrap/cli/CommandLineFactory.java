package org.infinibay.infiniservice.bootstrap.cli;

import picocli.CommandLine;

/** Builds the command line. Unknown arguments are accepted and ignored (CONTRACT §1.6, P19). */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    public static CommandLine create() {
        CommandLine cl = new CommandLine(new InfiniServiceCommand());
        cl.setUnmatchedArgumentsAllowed(true);
        cl.setUnmatchedOptionsArePositionalParams(false);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
