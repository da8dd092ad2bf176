package org.infinibay.infiniservice.adapters.windows.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verdict parser's contract. No complete public recording of DISM /CheckHealth output was
 * found (see the recorded-samples README); the three verdict sentences are DISM's documented ones.
 */
class DismIntegrityCheckerTest {
    @Test
    void verdicts() {
        assertFalse(DismIntegrityChecker.issuesFound(0, "Deployment Image Servicing and Management tool\r\n"
                + "Image Version: 10.0.19045.3693\r\n\r\nNo component store corruption detected.\r\n"
                + "The operation completed successfully.\r\n"));
        assertTrue(DismIntegrityChecker.issuesFound(0, "The component store is repairable.\r\n"
                + "The operation completed successfully.\r\n"));
        assertTrue(DismIntegrityChecker.issuesFound(0, "The component store cannot be repaired.\r\n"));
        assertTrue(DismIntegrityChecker.issuesFound(740, "Error: 740\r\nElevated permissions are required"));
    }

    @Test
    void argvIsTheFastCheckInEnglish() {
        assertEquals(List.of("C:\\Windows\\System32\\Dism.exe", "/Online", "/Cleanup-Image", "/CheckHealth", "/English"),
                DismIntegrityChecker.argv("C:\\Windows\\System32\\Dism.exe"));
    }
}
