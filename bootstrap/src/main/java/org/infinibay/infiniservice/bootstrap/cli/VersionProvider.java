package org.infinibay.infiniservice.bootstrap.cli;

import picocli.CommandLine;

/** {@code --version} of every command. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {VersionInfo.line()};
    }
}
