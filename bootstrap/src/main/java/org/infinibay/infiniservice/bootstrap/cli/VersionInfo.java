package org.infinibay.infiniservice.bootstrap.cli;

/**
 * The agent version, from the bootstrap module's descriptor or jar manifest. Free of Picocli: the
 * service path reads it without loading the command-line parser ({@link VersionProvider} serves it
 * to {@code --version}).
 */
public final class VersionInfo {
    public static final String FALLBACK = "0.1.0";

    private VersionInfo() {
    }

    public static String version() {
        String v = VersionInfo.class.getModule().getDescriptor() != null
                ? VersionInfo.class.getModule().getDescriptor().rawVersion().orElse(null) : null;
        if (v == null) {
            v = VersionInfo.class.getPackage().getImplementationVersion();
        }
        return v == null ? FALLBACK : v;
    }

    /** {@code InfiniService <version> (Java <version>, <os> <arch>)}. */
    public static String line() {
        return "InfiniService " + version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
    }
}
