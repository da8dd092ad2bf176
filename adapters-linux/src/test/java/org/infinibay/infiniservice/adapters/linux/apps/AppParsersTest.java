package org.infinibay.infiniservice.adapters.linux.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.junit.jupiter.api.Test;

/** The text formats: desktop entries, Exec lines, dpkg status, rpm output (recorded). */
class AppParsersTest {
    private static final Path FLATPAK = Path.of("/var/lib/flatpak/exports/bin");

    @Test
    void execLinesNameTheirProgram() {
        assertEquals(Optional.of("/opt/My App/app"), ExecLine.program("\"/opt/My App/app\" --x %U", FLATPAK));
        assertEquals(Optional.of("firefox"), ExecLine.program("env MOZ_X=1 BAMF=2 firefox %u", FLATPAK));
        assertEquals(Optional.of("/var/lib/flatpak/exports/bin/org.gimp.GIMP"), ExecLine.program(
                "/usr/bin/flatpak run --branch=stable --arch=x86_64 --command=gimp-2.10 --file-forwarding org.gimp.GIMP @@ %F @@",
                FLATPAK));
        assertEquals(Optional.empty(), ExecLine.program("sh -c \"echo hi\"", FLATPAK));
        assertEquals(Optional.empty(), ExecLine.program("%U", FLATPAK));
        assertEquals(List.of("a\"b", "50%", "x"), ExecLine.split("\"a\\\"b\" 50%% %f x"));
    }

    @Test
    void desktopEntriesKeepOnlyVisibleApplications() {
        DesktopEntry e = DesktopEntry.parse(List.of("[Desktop Entry]", "Name[fr]=Bonjour", "Name=Hello", "Type=Application",
                "Exec=hello\\sworld %U", "Comment=Says\\shello")).orElseThrow();
        assertEquals(new DesktopEntry("Hello", "Says hello", "hello world %U", null), e);
        assertTrue(DesktopEntry.parse(List.of("[Desktop Entry]", "Type=Link", "Name=x", "Exec=y")).isEmpty());
        assertTrue(DesktopEntry.parse(List.of("[Desktop Entry]", "Type=Application", "Name=x", "Exec=y", "Hidden=true"))
                .isEmpty());
        assertTrue(DesktopEntry.parse(List.of("[Other]", "Type=Application", "Name=x", "Exec=y")).isEmpty());
    }

    @Test
    void dpkgStatusGivesInstalledPackagesOnly() {
        String status = "Package: a\nStatus: install ok installed\nVersion: 1:2.3-4\nMaintainer: A Team <a@x>\n"
                + "Description: short\n long line\n .\nArchitecture: amd64\n\n"
                + "Package: b\nStatus: deinstall ok config-files\nVersion: 9\n\n"
                + "Package: c\nStatus: install ok installed\nVersion: 5\n";
        Map<String, PackageRef> m = DpkgIndex.readStatus(status.getBytes(StandardCharsets.UTF_8));
        assertEquals(new PackageRef("a", "1:2.3-4", "A Team", "short"), m.get("a"));
        assertEquals(m.get("a"), m.get("a:amd64"));
        assertNull(m.get("b"));
        assertEquals("5", m.get("c").version());
    }

    /** Recorded from rpm 4.18 on Fedora 39: {@code rpm -qf --qf FORMAT /usr/bin/bash /tmp/x /usr/bin/ls}. */
    private static final String RPM_OUT = "bash\t5.2.26-1.fc39\tFedora Project\tThe GNU Bourne Again shell\n"
            + "file /tmp/x is not owned by any package\n"
            + "coreutils\t9.3-5.fc39\tFedora Project\tA set of basic GNU tools commonly used in shell scripts\n";

    @Test
    void rpmAnswersAreBatchedCachedAndAligned() throws Exception {
        List<PackageRef> refs = RpmOwners.parse(RPM_OUT, 3);
        assertEquals(new PackageRef("bash", "5.2.26-1.fc39", "Fedora Project", "The GNU Bourne Again shell"), refs.get(0));
        assertTrue(RpmOwners.isNone(refs.get(1)));
        assertNull(RpmOwners.parse(RPM_OUT, 2), "misaligned output is refused");

        List<List<String>> calls = new ArrayList<>();
        ProgramRunner fake = (ExecRequest r) -> {
            calls.add(r.command());
            String out = r.command().size() == 7 ? RPM_OUT
                    : "bash\t5.2.26-1.fc39\tFedora Project\tThe GNU Bourne Again shell\n";
            return new ExecResult(0, out, "", false, false, false, false, 5);
        };
        RpmOwners owners = new RpmOwners(fake, System::nanoTime);
        owners.refresh(List.of("/usr/bin/bash", "/tmp/x", "/usr/bin/ls"));
        assertEquals(1, calls.size());
        assertEquals(List.of("rpm", "-qf", "--qf", RpmOwners.FORMAT, "/usr/bin/bash", "/tmp/x", "/usr/bin/ls"),
                calls.get(0));
        assertEquals("coreutils", owners.owner("/usr/bin/ls").name());
        assertNull(owners.owner("/tmp/x"));
        assertTrue(!owners.pending("/tmp/x"));
        assertNull(owners.owner("/usr/bin/new"), "unknown: queued, answered after the cycle");
        assertTrue(owners.pending("/usr/bin/new"));
        owners.resolvePending();
        assertEquals(2, calls.size());
        assertEquals("bash", owners.owner("/usr/bin/new").name());
    }
}
