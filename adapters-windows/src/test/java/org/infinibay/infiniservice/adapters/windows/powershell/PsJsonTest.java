package org.infinibay.infiniservice.adapters.windows.powershell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.adapters.windows.Recorded;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

class PsJsonTest {
    private final JsonCodec codec = new JacksonJsonCodec();

    private JsonObject parse(String text) throws Exception {
        return (JsonObject) PowerShell.parse(text, codec);
    }

    @Test
    void windowsPowerShellDates() throws Exception {
        JsonObject o = parse(Recorded.text("ps51-datetime-property.json"));
        assertEquals(Instant.parse("2019-11-19T22:33:39Z").toEpochMilli(), PsJson.date(o, "datetime").getAsLong());
        JsonObject wrapped = parse("{\"d\":" + Recorded.text("ps51-get-date.json") + "}");
        assertEquals(1720919582928L, PsJson.date(wrapped, "d").getAsLong(), "ETS-wrapped DateTime");
    }

    @Test
    void powershell7AndRoundTripDates() throws Exception {
        JsonObject o = parse(Recorded.text("ps7-datetime-property.json"));
        assertEquals(Instant.parse("2019-11-19T22:32:50Z").toEpochMilli(), PsJson.date(o, "datetime").getAsLong());
        String iso = ((org.infinibay.infiniservice.domain.json.JsonString) PowerShell.parse(
                Recorded.text("ps51-tostring-o.json"), codec)).value();
        assertEquals(Instant.parse("2024-07-14T01:13:19.772Z").toEpochMilli(), PsJson.parseDate(iso).getAsLong());
    }

    @Test
    void neverDatesAreAbsent() {
        assertTrue(PsJson.parseDate("/Date(-11644473600000)/").isEmpty(), "1601-01-01");
        assertTrue(PsJson.parseDate("1600-12-31T16:00:00").isEmpty());
        assertTrue(PsJson.parseDate("7/30/2013 3:01:45 AM").isEmpty(), "formatted text is not accepted");
    }

    @Test
    void enumsAsIntegersAreConvertedToNames() throws Exception {
        // ConvertTo-Json without .ToString() writes ServiceControllerStatus/ServiceStartMode as numbers (P20).
        JsonObject o = parse("{\"Status\":4,\"StartType\":2,\"S2\":\"Stopped\",\"T2\":\"3\"}");
        assertEquals("Running", PsJson.serviceState(o, "Status").orElseThrow());
        assertEquals("Automatic", PsJson.startType(o, "StartType").orElseThrow());
        assertEquals("Stopped", PsJson.serviceState(o, "S2").orElseThrow());
        assertEquals("Manual", PsJson.startType(o, "T2").orElseThrow());
        assertTrue(PsJson.serviceState(parse("{\"Status\":99}"), "Status").isEmpty());
    }

    @Test
    void singleObjectAndArrayAndNothing() throws Exception {
        assertEquals(1, PsJson.objects(PowerShell.parse("{\"Name\":\"a\"}", codec)).size());
        assertEquals(2, PsJson.objects(PowerShell.parse("[{\"Name\":\"a\"},{\"Name\":\"b\"}]", codec)).size());
        assertEquals(0, PsJson.objects(PowerShell.parse("  \r\n", codec)).size());
        assertEquals(1, PsJson.objects(PowerShell.parse("\uFEFF{\"Name\":\"bom\"}", codec)).size());
    }

    @Test
    void unreadableOutputIsATypedFailure() {
        OsOperationException e = assertThrows(OsOperationException.class,
                () -> PowerShell.parse("Name : a\r\nStatus : Running", codec));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().startsWith("unreadable PowerShell output"));
    }

    @Test
    void scriptsTravelEncodedSoNoQuotingCanAlterThem() {
        PowerShell ps = new PowerShell(null, codec, "powershell.exe");
        var argv = ps.argv("Write-Output \"a 'b' $c\"");
        assertEquals(java.util.List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                "-EncodedCommand"), argv.subList(0, 6));
        String decoded = new String(Base64.getDecoder().decode(argv.get(6)), StandardCharsets.UTF_16LE);
        assertTrue(decoded.startsWith(PowerShell.PROLOGUE));
        assertTrue(decoded.endsWith("Write-Output \"a 'b' $c\""));
        assertEquals("'it''s'", PowerShell.quote("it's"));
    }

    @Test
    void errorReasonSkipsPositionNoise() {
        assertEquals(": Get-MpComputerStatus : Invalid class", PowerShell.reason(
                "#< CLIXML\r\nGet-MpComputerStatus : Invalid class\r\nAt line:1 char:1\r\n+ Get-Mp"));
    }

    @Test
    void scalarsAreLenient() throws Exception {
        JsonObject o = parse("{\"b\":\"True\",\"n\":\"42\",\"f\":3.0,\"s\":\"  \"}");
        assertEquals(true, PsJson.bool(o, "b").orElseThrow());
        assertEquals(42, PsJson.integer(o, "n").getAsLong());
        assertEquals(3, PsJson.integer(o, "f").getAsLong());
        assertTrue(PsJson.text(o, "s").isEmpty());
        Json unused = o;
        assertTrue(unused instanceof JsonObject);
    }
}
