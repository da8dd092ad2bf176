package org.infinibay.infiniservice.adapters.windows.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;

/**
 * The "power-off" of PrepareGoldenImage on Windows (§8.5.12): writes an unattend file and launches
 * {@code sysprep /generalize /oobe /shutdown /quiet /unattend:<file>} detached — outside the
 * agent's Job objects, so the agent stopping during generalisation does not take sysprep with it.
 * Sysprep shuts the guest down itself. Reboots go to {@link WindowsPowerControl}.
 */
public final class SysprepLauncher implements PowerControl {
    private final Path sysprepExe;
    private final Path unattend;
    private final PowerControl reboots;
    private final String architecture;

    public SysprepLauncher(String systemRoot, PowerControl reboots) {
        Path dir = Path.of(systemRoot, "System32", "Sysprep");
        this.sysprepExe = dir.resolve("sysprep.exe");
        this.unattend = dir.resolve("infiniservice-unattend.xml");
        this.reboots = reboots;
        this.architecture = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "amd64";
    }

    static List<String> argv(Path sysprep, Path unattend) {
        return List.of(sysprep.toString(), "/generalize", "/oobe", "/shutdown", "/quiet", "/unattend:" + unattend);
    }

    /** A minimal unattend file: OOBE without the EULA page and the express-settings prompt. */
    static String unattendXml(String architecture) {
        String component = "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"" + architecture
                + "\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" "
                + "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">";
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
                + "  <settings pass=\"oobeSystem\">\n    " + component + "\n"
                + "      <OOBE><HideEULAPage>true</HideEULAPage><ProtectYourPC>3</ProtectYourPC>"
                + "<HideWirelessSetupInOOBE>true</HideWirelessSetupInOOBE></OOBE>\n"
                + "    </component>\n  </settings>\n</unattend>\n";
    }

    /** Writes the unattend file (during the synchronous cleanup, so a failure is reported). */
    public Path writeUnattend() throws IOException {
        Files.writeString(unattend, unattendXml(architecture), StandardCharsets.UTF_8);
        return unattend;
    }

    @Override
    public String unavailableReason() {
        return Files.isRegularFile(sysprepExe) ? null : sysprepExe + " not found";
    }

    @Override
    public void powerOff() throws OsOperationException {
        try {
            if (!Files.isRegularFile(unattend)) {
                writeUnattend();
            }
            new ProcessBuilder(argv(sysprepExe, unattend)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new OsOperationException("sysprep could not be launched: " + e.getMessage());
        }
    }

    @Override
    public void reboot(boolean force) throws OsOperationException, InterruptedException {
        reboots.reboot(force);
    }
}
