package org.infinibay.infiniservice.adapters.windows.defender;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PsJson;
import org.infinibay.infiniservice.adapters.windows.powershell.ScriptSteps;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.AntivirusInspector;
import org.infinibay.infiniservice.application.port.out.os.AntivirusStatus;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.RemediationStep;
import org.infinibay.infiniservice.application.port.out.os.ScanOutcome;
import org.infinibay.infiniservice.application.port.out.os.ThreatRecord;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Microsoft Defender through its PowerShell module: {@code Get-MpComputerStatus},
 * {@code Get-MpThreatDetection} joined with {@code Get-MpThreat}, {@code Start-MpScan -ScanType
 * QuickScan}, and the AutoFixDefender steps. The status parser reads the property names of
 * {@code Get-MpComputerStatus} itself, so the raw cmdlet output parses as well as our selection.
 */
public final class DefenderPowerShell implements AntivirusInspector {
    /** Local DateTime (Defender reports local kind) as UTC ISO text, or $null for never. */
    static final String ISO = "function Iso($d){if($d -eq $null){return $null};$t=[datetime]$d;"
            + "if($t.Year -lt 1971){return $null};$t.ToUniversalTime().ToString('o')};";

    static final String STATUS = ISO + "$s=Get-MpComputerStatus;[pscustomobject]@{"
            + "AMServiceEnabled=[bool]$s.AMServiceEnabled;AntivirusEnabled=[bool]$s.AntivirusEnabled;"
            + "AntispywareEnabled=[bool]$s.AntispywareEnabled;RealTimeProtectionEnabled=[bool]$s.RealTimeProtectionEnabled;"
            + "AntivirusSignatureVersion=[string]$s.AntivirusSignatureVersion;AMEngineVersion=[string]$s.AMEngineVersion;"
            + "AntivirusSignatureLastUpdated=(Iso $s.AntivirusSignatureLastUpdated);"
            + "AntivirusSignatureAge=[long]$s.AntivirusSignatureAge;QuickScanStartTime=(Iso $s.QuickScanStartTime);"
            + "QuickScanEndTime=(Iso $s.QuickScanEndTime);FullScanStartTime=(Iso $s.FullScanStartTime);"
            + "FullScanEndTime=(Iso $s.FullScanEndTime)}|ConvertTo-Json -Compress";

    static final String THREATS = ISO + "$cat=@{};"
            + "foreach($t in @(Get-MpThreat -ErrorAction SilentlyContinue)){$cat[[string]$t.ThreatID]=$t};"
            + "$out=@(foreach($d in @(Get-MpThreatDetection -ErrorAction SilentlyContinue)){$t=$cat[[string]$d.ThreatID];"
            + "[pscustomobject]@{ThreatID=[string]$d.ThreatID;ThreatName=$(if($t){[string]$t.ThreatName}else{$null});"
            + "SeverityID=$(if($t){[int]$t.SeverityID}else{0});ThreatStatusID=[int]$d.ThreatStatusID;"
            + "InitialDetectionTime=(Iso $d.InitialDetectionTime)}});"
            + "ConvertTo-Json -InputObject @($out) -Compress";

    static final String QUICK_SCAN = ISO + "$t0=Get-Date;Start-MpScan -ScanType QuickScan;$t1=Get-Date;"
            + "$n=@(Get-MpThreatDetection -ErrorAction SilentlyContinue|Where-Object{$_.InitialDetectionTime -ge $t0}).Count;"
            + "[pscustomobject]@{StartedAt=(Iso $t0);CompletedAt=(Iso $t1);ThreatsFound=[int]$n}|ConvertTo-Json -Compress";

    static final String REPAIR = ScriptSteps.FUNCTION
            + "Step 'start_windefend' {$v=Get-Service -Name WinDefend;if($v.Status -ne 'Running'){Start-Service -Name WinDefend};"
            + "'WinDefend '+(Get-Service -Name WinDefend).Status.ToString()};"
            + "Step 'enable_realtime_protection' {Set-MpPreference -DisableRealtimeMonitoring $false;"
            + "'real-time protection: '+[string](Get-MpComputerStatus).RealTimeProtectionEnabled};"
            + "Step 'update_signatures' {Update-MpSignature;'signatures '+[string](Get-MpComputerStatus).AntivirusSignatureVersion}"
            + ScriptSteps.PRINT;

    /** {@code MSFT_MpThreatDetection.ThreatStatusID}, as documented (explicit: never an integer on the wire). */
    static final Map<Integer, String> THREAT_STATUS = Map.ofEntries(Map.entry(0, "Unknown"), Map.entry(1, "Detected"),
            Map.entry(2, "Cleaned"), Map.entry(3, "Quarantined"), Map.entry(4, "Removed"), Map.entry(5, "Allowed"),
            Map.entry(6, "Blocked"), Map.entry(102, "QuarantineFailed"), Map.entry(103, "RemoveFailed"),
            Map.entry(104, "AllowFailed"), Map.entry(105, "Abandoned"), Map.entry(107, "BlockedFailed"));

    /** Signature/scan ages Defender reports when it does not know (UInt16/UInt32 max). */
    private static final long UNKNOWN_AGE_16 = 65535L;
    private static final long UNKNOWN_AGE_32 = 4294967295L;

    private final PowerShell powershell;

    public DefenderPowerShell(PowerShell powershell) {
        this.powershell = powershell;
    }

    @Override
    public AntivirusStatus status(Deadline deadline) throws OsOperationException, InterruptedException {
        return parseStatus(powershell.json(STATUS, deadline));
    }

    static AntivirusStatus parseStatus(Json json) throws OsOperationException {
        List<JsonObject> objs = PsJson.objects(json);
        if (objs.isEmpty()) {
            throw new OsOperationException("Get-MpComputerStatus returned nothing (Defender not available)");
        }
        JsonObject s = objs.get(0);
        OptionalLong age = PsJson.integer(s, "AntivirusSignatureAge");
        Integer ageDays = age.isPresent() && age.getAsLong() >= 0 && age.getAsLong() != UNKNOWN_AGE_16
                && age.getAsLong() != UNKNOWN_AGE_32 ? (int) age.getAsLong() : null;
        Long updated = millis(s, "AntivirusSignatureLastUpdated");
        return new AntivirusStatus(PsJson.bool(s, "AMServiceEnabled").orElse(false),
                PsJson.bool(s, "AntivirusEnabled").orElse(false), PsJson.bool(s, "AntispywareEnabled").orElse(false),
                PsJson.bool(s, "RealTimeProtectionEnabled").orElse(false),
                PsJson.text(s, "AntivirusSignatureVersion").orElse(null), PsJson.text(s, "AMEngineVersion").orElse(null),
                updated, ageDays, scanTime(s, "QuickScan"), scanTime(s, "FullScan"));
    }

    /** A scan's start time, else its end time; null when it never ran. */
    private static Long scanTime(JsonObject s, String prefix) {
        Long start = millis(s, prefix + "StartTime");
        return start != null ? start : millis(s, prefix + "EndTime");
    }

    private static Long millis(JsonObject o, String key) {
        OptionalLong m = PsJson.date(o, key);
        return m.isPresent() ? m.getAsLong() : null;
    }

    @Override
    public List<ThreatRecord> threats(Deadline deadline) throws OsOperationException, InterruptedException {
        return parseThreats(powershell.json(THREATS, deadline));
    }

    static List<ThreatRecord> parseThreats(Json json) {
        List<ThreatRecord> out = new ArrayList<>();
        for (JsonObject d : PsJson.objects(json)) {
            String id = PsJson.textOr(d, "ThreatID", "");
            if (id.isEmpty()) {
                continue;
            }
            int statusId = (int) PsJson.integer(d, "ThreatStatusID").orElse(0);
            out.add(new ThreatRecord(id, PsJson.text(d, "ThreatName").orElse(null),
                    (int) PsJson.integer(d, "SeverityID").orElse(0),
                    THREAT_STATUS.getOrDefault(statusId, "Unknown"), millis(d, "InitialDetectionTime")));
        }
        out.sort((a, b) -> Long.compare(b.detectedMillis() == null ? 0 : b.detectedMillis(),
                a.detectedMillis() == null ? 0 : a.detectedMillis()));
        return out;
    }

    @Override
    public ScanOutcome quickScan(Deadline deadline) throws OsOperationException, InterruptedException {
        Json json = powershell.json(QUICK_SCAN, deadline);
        List<JsonObject> objs = PsJson.objects(json);
        if (objs.isEmpty()) {
            throw new OsOperationException("Start-MpScan printed no result");
        }
        JsonObject o = objs.get(0);
        Long started = millis(o, "StartedAt");
        return new ScanOutcome("Completed", PsJson.integer(o, "ThreatsFound").orElse(0), 0,
                started == null ? System.currentTimeMillis() : started, millis(o, "CompletedAt"));
    }

    @Override
    public List<RemediationStep> repair(Deadline deadline) throws InterruptedException {
        try {
            return ScriptSteps.parse(powershell.json(REPAIR, deadline));
        } catch (OsOperationException e) {
            return List.of(new RemediationStep("repair_defender", false, e.getMessage()));
        }
    }

    @Override
    public String productName() {
        return "Defender";
    }

    /** {@code windows_defender} in RunAllHealthChecks (§8.5.8). */
    @Override
    public String healthCheckName() {
        return "windows_defender";
    }
}
