package org.infinibay.infiniservice.adapters.posix.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditTrailTest {
    @TempDir
    Path tmp;

    private static AuditRecord rec(String id) {
        return new AuditRecord(1_700_000_000_000L, id, "unsafe", "bash", "root", 12, 0,
                AuditRecord.digest("out", "err"), "allowed");
    }

    @Test
    void appendsPrivateJsonLines() throws Exception {
        Path dir = tmp.resolve("audit");
        FileAuditTrail trail = new FileAuditTrail(dir);
        trail.record(rec("a"));
        trail.record(rec("b\"\n{\"forged\":1}"));
        Path file = dir.resolve("audit.log");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        String[] lines = Files.readString(file).split("\n");
        assertEquals(2, lines.length, "an id with a newline cannot forge a second line");
        assertEquals("{\"ts\":\"2023-11-14T22:13:20.000Z\",\"id\":\"a\",\"kind\":\"unsafe\",\"program\":\"bash\","
                + "\"user\":\"root\",\"duration_ms\":12,\"exit_code\":0,\"output_sha256\":\""
                + AuditRecord.digest("out", "err") + "\",\"decision\":\"allowed\"}", lines[0]);
        assertTrue(lines[1].contains("\"id\":\"b\\\"\\u000a{\\\"forged\\\":1}\""));
    }

    @Test
    void digestIsSha256OfStdoutThenStderr() {
        // printf 'outerr' | sha256sum
        assertEquals("a5a44ba6f0c8c41c2ae1ab1a4aa8f6d27bb2d9f1ca9dc6cf64adc1b61b0f6b0b".length(),
                AuditRecord.digest("out", "err").length());
        assertEquals(AuditRecord.digest("outerr", ""), AuditRecord.digest("out", "err"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditRecord.digest("", ""));
    }

    @Test
    void rotatesAtTheBoundKeepingOneOldFile() throws Exception {
        FileAuditTrail trail = new FileAuditTrail(tmp, 1000);
        for (int i = 0; i < 40; i++) {
            trail.record(rec("id-" + i));
        }
        long size = Files.size(tmp.resolve("audit.log"));
        assertTrue(size <= 1000, "bounded: " + size);
        assertTrue(Files.exists(tmp.resolve("audit.log.1")));
        assertTrue(Files.size(tmp.resolve("audit.log.1")) <= 1000);
        assertFalse(Files.exists(tmp.resolve("audit.log.2")));
        assertTrue(Files.readString(tmp.resolve("audit.log")).contains("\"id\":\"id-39\""));
    }
}
