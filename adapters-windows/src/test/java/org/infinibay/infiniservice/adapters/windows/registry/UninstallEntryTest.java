package org.infinibay.infiniservice.adapters.windows.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No public registry dump exists (README): value maps of the types Advapi32Util returns. */
class UninstallEntryTest {
    @Test
    void mapsTheProgramsAndFeaturesFields() {
        Map<String, Object> v = new HashMap<>();
        v.put("DisplayName", "Git");
        v.put("DisplayVersion", "2.44.0");
        v.put("Publisher", "The Git Development Community");
        v.put("InstallDate", "20240301");
        v.put("InstallLocation", "C:\\Program Files\\Git\\");
        v.put("EstimatedSize", 327_680);
        UninstallEntry e = UninstallEntry.from("HKLM\\...\\Git_is1", v).orElseThrow();
        assertEquals("2024-03-01", e.installDate());
        assertEquals(327_680L * 1024, e.sizeBytes());
        assertEquals("Git_is1", e.registryKey().substring(e.registryKey().lastIndexOf('\\') + 1));
    }

    @Test
    void hiddenEntriesAreDropped() {
        assertTrue(UninstallEntry.from("k", Map.of("DisplayVersion", "1")).isEmpty(), "no DisplayName");
        assertTrue(UninstallEntry.from("k", Map.of("DisplayName", "x", "SystemComponent", 1)).isEmpty());
        assertTrue(UninstallEntry.from("k", Map.of("DisplayName", "KB123", "ParentKeyName", "Office")).isEmpty());
        assertTrue(UninstallEntry.from("k", Map.of("DisplayName", " \u0000")).isEmpty());
    }

    @Test
    void oddInstallDatesAreUnknown() {
        assertNull(UninstallEntry.installDate("3/1/2024"));
        assertNull(UninstallEntry.installDate("20241301"));
        assertEquals("1999-12-31", UninstallEntry.installDate("19991231"));
    }
}
