package org.infinibay.infiniservice.adapters.windows.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.application.port.out.os.UpdateRecord;
import org.infinibay.infiniservice.application.port.out.os.UpdateScan;
import org.junit.jupiter.api.Test;

/** The contract of our WUA scripts' JSON (no public recording of it exists, see the recorded README). */
class WuaParseTest {
    private static final JacksonJsonCodec CODEC = new JacksonJsonCodec();

    @Test
    void searchWithASingleUpdateAndFlattenedLists() throws Exception {
        // ConvertTo-Json on 5.1 unwraps one-element arrays inside objects only with -Depth too small; both forms parse
        UpdateScan s = WuaUpdateAgent.parseScan(PowerShell.parse("{\"Updates\":{\"Title\":\"2023-10 Cumulative Update "
                + "for Windows 11 (KB5031354)\",\"KBArticleIDs\":\"5031354\",\"MsrcSeverity\":\"Important\","
                + "\"IsMandatory\":false,\"Description\":\"Install this update\",\"MaxDownloadSize\":327680000,"
                + "\"Categories\":[\"Security Updates\",\"Windows 11\"]},\"RebootRequired\":false,"
                + "\"AutomaticUpdatesEnabled\":true,\"LastSearchSuccessDate\":\"2024-01-02T03:04:05.0000000Z\","
                + "\"LastInstallationSuccessDate\":null,\"AgentVersion\":\"1023.1020.2192.0\"}", CODEC));
        assertEquals(1, s.updates().size());
        assertEquals(List.of("5031354"), s.updates().get(0).kbArticleIds());
        assertEquals(327680000L, s.updates().get(0).sizeBytes());
        assertEquals(List.of("Security Updates", "Windows 11"), s.updates().get(0).categories());
        assertTrue(s.automaticUpdatesEnabled());
        assertEquals(Instant.parse("2024-01-02T03:04:05Z").toEpochMilli(), s.lastSearchMillis());
        assertNull(s.lastInstallMillis());
        assertEquals("1023.1020.2192.0", s.agentVersion());
    }

    @Test
    void emptySearch() throws Exception {
        UpdateScan s = WuaUpdateAgent.parseScan(PowerShell.parse("{\"Updates\":[],\"RebootRequired\":true,"
                + "\"AutomaticUpdatesEnabled\":false,\"LastSearchSuccessDate\":null,\"LastInstallationSuccessDate\":null,"
                + "\"AgentVersion\":null}", CODEC));
        assertTrue(s.updates().isEmpty());
        assertTrue(s.rebootRequired());
    }

    @Test
    void historyResultCodesAreNamed() throws Exception {
        List<UpdateRecord> h = WuaUpdateAgent.parseHistory(PowerShell.parse("[{\"Title\":\"Security Intelligence "
                + "Update for Microsoft Defender Antivirus - KB2267602 (Version 1.401.1.0)\",\"Date\":"
                + "\"2024-01-05T10:00:00.0000000Z\",\"ResultCode\":2,\"Operation\":1,\"Description\":\"d\"},"
                + "{\"Title\":\"x\",\"Date\":\"2024-01-04T10:00:00Z\",\"ResultCode\":4,\"Operation\":2,\"Description\":\"\"},"
                + "{\"Title\":\"\",\"Date\":null,\"ResultCode\":2}]", CODEC));
        assertEquals(2, h.size());
        assertEquals("Succeeded", h.get(0).status());
        assertEquals(2, h.get(0).resultCode());
        assertEquals("KB2267602", h.get(0).kbArticle());
        assertEquals("Failed", h.get(1).status());
        assertNull(h.get(1).kbArticle());
        assertEquals("Uninstallation", h.get(1).description());
    }

    @Test
    void scriptsEmitEnumsAsIntegersOrStringsNeverObjects() {
        assertTrue(WuaScripts.SEARCH.contains("[bool]$u.IsMandatory") && WuaScripts.SEARCH.contains("[string]$u.MsrcSeverity"));
        assertTrue(WuaScripts.HISTORY.contains("ResultCode=[int]$e.ResultCode"));
        assertFalse(WuaScripts.SEARCH.contains("Win32_Product"));
    }
}
