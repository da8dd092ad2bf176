package org.infinibay.infiniservice.adapters.windows.defender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.adapters.windows.Recorded;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.application.port.out.os.AntivirusStatus;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ThreatRecord;
import org.junit.jupiter.api.Test;

class DefenderParseTest {
    private static final JacksonJsonCodec CODEC = new JacksonJsonCodec();

    @Test
    void recordedMpComputerStatus() throws Exception {
        AntivirusStatus s = DefenderPowerShell.parseStatus(PowerShell.parse(
                Recorded.text("defender-mpcomputerstatus-realmjoin.json"), CODEC));
        assertTrue(s.serviceEnabled() && s.antivirusEnabled() && s.antispywareEnabled() && s.realTimeProtection());
        assertEquals("1.249.1077.0", s.signatureVersion());
        assertEquals("1.1.14003.0", s.engineVersion());
        assertEquals(Instant.parse("2017-08-15T14:37:46Z").toEpochMilli(), s.signatureUpdatedMillis());
        assertEquals(29, s.signatureAgeDays());
        assertNull(s.lastQuickScanMillis(), "QuickScanStartTime null: never scanned");
        assertNull(s.lastFullScanMillis());
    }

    @Test
    void unknownAgesAndPs51DatesOfOurScript() throws Exception {
        // contract shape of our STATUS script on 5.1 (no public JSON sample): /Date(ms)/ and 65535 = unknown age
        AntivirusStatus s = DefenderPowerShell.parseStatus(PowerShell.parse("{\"AMServiceEnabled\":true,"
                + "\"AntivirusEnabled\":false,\"AntispywareEnabled\":false,\"RealTimeProtectionEnabled\":false,"
                + "\"AntivirusSignatureVersion\":\"\",\"AMEngineVersion\":\"0.0.0.0\",\"AntivirusSignatureLastUpdated\":null,"
                + "\"AntivirusSignatureAge\":65535,\"QuickScanStartTime\":\"\\/Date(1574202819000)\\/\","
                + "\"QuickScanEndTime\":null,\"FullScanStartTime\":null,\"FullScanEndTime\":null}", CODEC));
        assertNull(s.signatureAgeDays());
        assertNull(s.signatureVersion());
        assertEquals(1574202819000L, s.lastQuickScanMillis());
        assertThrows(OsOperationException.class, () -> DefenderPowerShell.parseStatus(PowerShell.parse("", CODEC)));
    }

    @Test
    void threatStatusIdsBecomeNames() throws Exception {
        List<ThreatRecord> t = DefenderPowerShell.parseThreats(PowerShell.parse("[{\"ThreatID\":\"2147519003\","
                + "\"ThreatName\":\"Virus:DOS/EICAR_Test_File\",\"SeverityID\":5,\"ThreatStatusID\":3,"
                + "\"InitialDetectionTime\":\"2024-03-01T10:00:00.0000000Z\"},{\"ThreatID\":\"7\",\"ThreatName\":null,"
                + "\"SeverityID\":0,\"ThreatStatusID\":105,\"InitialDetectionTime\":\"2024-03-02T10:00:00Z\"}]", CODEC));
        assertEquals(2, t.size());
        assertEquals("Abandoned", t.get(0).status(), "newest first");
        assertEquals("Quarantined", t.get(1).status());
        assertTrue(t.get(1).contained());
        assertEquals(5, t.get(1).severityId());
    }

    @Test
    void scriptsConvertEnumsAndDates() {
        assertTrue(DefenderPowerShell.STATUS.contains("ToUniversalTime().ToString('o')"));
        assertTrue(DefenderPowerShell.QUICK_SCAN.contains("Start-MpScan -ScanType QuickScan"));
        assertTrue(DefenderPowerShell.THREATS.contains("[int]$d.ThreatStatusID"), "mapped by the agent's explicit table");
    }
}
