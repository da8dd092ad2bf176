package org.infinibay.infiniservice.adapters.windows.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows audit file (issue #15: the shared wiring built the POSIX one for every OS, whose
 * {@code PosixFilePermissions} throw on NTFS, so a Windows guest most likely never wrote an audit line).
 * What runs here on Linux: the file format (the same line as on POSIX guests), rotation, that no POSIX
 * call is needed, and the ACL it gives its directory. The ACL itself cannot be applied here: Linux file
 * systems have no {@code AclFileAttributeView} (the trail then uses the directory as it is); the native
 * suite (tools/windows-e2e.ps1) checks it on Windows.
 */
class WindowsAuditTrailTest {
    @TempDir
    Path tmp;

    private static AuditRecord rec(String id) {
        return new AuditRecord(1_700_000_000_000L, id, "unsafe", "cmd.exe", "agent", 12, 0,
                AuditRecord.digest("out", "err"), "allowed");
    }

    @Test
    void writesTheSameLinesAsEveryGuestWithoutPosixCalls() throws Exception {
        Path dir = tmp.resolve("audit");
        WindowsAuditTrail trail = new WindowsAuditTrail(dir);
        trail.record(rec("a"));
        trail.record(rec("b\"\r\n{\"forged\":1}"));
        String[] lines = Files.readString(dir.resolve("audit.log")).split("\n");
        assertEquals(2, lines.length, "an id with a newline cannot forge a second line");
        assertEquals(rec("a").jsonLine(), lines[0]);
        assertEquals("{\"ts\":\"2023-11-14T22:13:20.000Z\",\"id\":\"a\",\"kind\":\"unsafe\",\"program\":\"cmd.exe\","
                + "\"user\":\"agent\",\"duration_ms\":12,\"exit_code\":0,\"output_sha256\":\""
                + AuditRecord.digest("out", "err") + "\",\"decision\":\"allowed\"}", lines[0]);
        assertTrue(lines[1].contains("\\u000d\\u000a"), lines[1]);
        assertFalse(trail.aclSupported(), "Linux file systems have no ACL view: nothing to apply here");
    }

    @Test
    void rotatesAtTheBoundKeepingOneOldFile() throws Exception {
        WindowsAuditTrail trail = new WindowsAuditTrail(tmp, 1000);
        for (int i = 0; i < 40; i++) {
            trail.record(rec("id-" + i));
        }
        assertTrue(Files.size(tmp.resolve("audit.log")) <= 1000);
        assertTrue(Files.size(tmp.resolve("audit.log.1")) <= 1000);
        assertFalse(Files.exists(tmp.resolve("audit.log.2")));
        assertTrue(Files.readString(tmp.resolve("audit.log")).contains("\"id\":\"id-39\""));
    }

    @Test
    void anUnwritableDirectoryNeverThrows() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        new WindowsAuditTrail(file.resolve("audit")).record(rec("a")); // logged, not thrown
    }

    /** The directory's ACL: exactly SYSTEM and Administrators, full control, inherited by files and folders. */
    @Test
    void theAclIsSystemAndAdministratorsOnly() {
        UserPrincipal system = () -> WindowsStateStore.SYSTEM_SID;
        UserPrincipal admins = () -> WindowsStateStore.ADMINISTRATORS_SID;
        List<AclEntry> acl = WindowsStateStore.privateAcl(system, admins);
        assertEquals(2, acl.size());
        assertEquals(List.of(system, admins), acl.stream().map(AclEntry::principal).toList());
        for (AclEntry e : acl) {
            assertEquals(AclEntryType.ALLOW, e.type());
            assertEquals(EnumSet.allOf(AclEntryPermission.class), e.permissions());
            assertEquals(EnumSet.of(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT), e.flags());
        }
    }
}
