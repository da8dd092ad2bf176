package org.infinibay.infiniservice.adapters.windows.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsStateStoreTest {
    record Named(String getName) implements UserPrincipal {
    }

    @Test
    void aclIsExactlySystemAndAdministratorsInherited() {
        List<AclEntry> acl = WindowsStateStore.privateAcl(new Named("S-1-5-18"), new Named("S-1-5-32-544"));
        assertEquals(2, acl.size());
        assertEquals("S-1-5-18", acl.get(0).principal().getName());
        assertEquals("S-1-5-32-544", acl.get(1).principal().getName());
        for (AclEntry e : acl) {
            assertTrue(e.permissions().contains(AclEntryPermission.WRITE_DATA));
            assertTrue(e.flags().contains(AclEntryFlag.FILE_INHERIT) && e.flags().contains(AclEntryFlag.DIRECTORY_INHERIT));
        }
    }

    @Test
    void documentsRoundTripAndNamesAreChecked(@TempDir Path dir) throws IOException {
        WindowsStateStore s = new WindowsStateStore(dir.resolve("state"));
        s.write("replay.json", new byte[] {1, 2});
        s.append("spool", new byte[] {3});
        s.append("spool", new byte[] {4});
        assertArrayEquals(new byte[] {1, 2}, s.read("replay.json").orElseThrow());
        assertArrayEquals(new byte[] {3, 4}, s.read("spool").orElseThrow());
        s.appendUnsynced("spool", new byte[] {5});
        s.sync("spool");
        assertArrayEquals(new byte[] {3, 4, 5}, s.read("spool").orElseThrow());
        s.delete("spool");
        assertTrue(s.read("spool").isEmpty());
        s.sync("spool"); // deleted: nothing to flush
        assertThrows(IOException.class, () -> s.read("..\\x"));
    }
}
