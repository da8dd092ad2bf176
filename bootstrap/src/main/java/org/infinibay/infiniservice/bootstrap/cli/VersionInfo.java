package org.infinibay.infiniservice.bootstrap.cli;

import picocli.CommandLine;

/** The agent version, from the bootstrap module's descriptor or jar manifest. */
public final class VersionInfo implements CommandLine.IVersionProvider {
    public static final String FALLBACK = "0.1.0";

    public static String version() {
        String v = VersionInfo.class.getModule().getDescriptor() != null
                ? VersionInfo.class.getModule().getDescriptor().rawVersion().orElse(null) : null;
        if (v == null) {
            v = VersionInfo.class.getPackage().getImplementationVersion();
        }
        return v == null ? FALLBACK : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"InfiniService " + version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
    }
}
