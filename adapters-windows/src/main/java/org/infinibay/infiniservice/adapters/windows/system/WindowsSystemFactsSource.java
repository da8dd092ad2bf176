package org.infinibay.infiniservice.adapters.windows.system;

import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;

/** SystemInfo/OsInfo facts (CONTRACT §8.5.4) from OSHI: edition, build, architecture, uptime. */
public final class WindowsSystemFactsSource implements SystemFactsSource {
    private final OperatingSystem os;

    public WindowsSystemFactsSource() {
        this(new SystemInfo().getOperatingSystem());
    }

    WindowsSystemFactsSource(OperatingSystem os) {
        this.os = os;
    }

    @Override
    public SystemFacts facts() {
        OperatingSystem.OSVersionInfo v = os.getVersionInfo();
        String version = "Windows " + (v.getVersion() == null ? "" : v.getVersion()).strip();
        String edition = v.getCodeName() == null || v.getCodeName().isBlank() ? null : v.getCodeName();
        return new SystemFacts("Windows", version, architecture(System.getProperty("os.arch", "")),
                os.getNetworkParams().getHostName(), v.getBuildNumber(), null, edition, os.getSystemUptime(),
                List.of("winget"), "cmd.exe");
    }

    /** JVM architecture names to the wire's ({@code x86_64}, {@code aarch64}, {@code x86}). */
    public static String architecture(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            case "x86":
            case "i386":
            case "i686":
                return "x86";
            default:
                return osArch;
        }
    }
}
