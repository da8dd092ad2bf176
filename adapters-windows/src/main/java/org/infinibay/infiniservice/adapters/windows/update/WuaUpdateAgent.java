package org.infinibay.infiniservice.adapters.windows.update;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PsJson;
import org.infinibay.infiniservice.adapters.windows.powershell.ScriptSteps;
import org.infinibay.infiniservice.adapters.windows.registry.RebootMarkers;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.AvailableUpdate;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.RemediationStep;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;
import org.infinibay.infiniservice.application.port.out.os.UpdateRecord;
import org.infinibay.infiniservice.application.port.out.os.UpdateScan;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * The Windows Update Agent through PowerShell COM: the update searcher, the history, installing
 * everything pending (UpdateSystemSoftware), the download cache and the repair steps of
 * AutoFixWindowsUpdates. {@link WuaSystemUpdates} lends it to the winget package port.
 */
public final class WuaUpdateAgent implements UpdateAgent {
    /** {@code OperationResultCode}, by value (explicit: never the integer on the wire, P20). */
    static final String[] RESULT_CODES = {"NotStarted", "InProgress", "Succeeded", "SucceededWithErrors", "Failed",
        "Aborted"};
    private static final Pattern KB = Pattern.compile("\\bKB(\\d{4,8})\\b", Pattern.CASE_INSENSITIVE);

    private final PowerShell powershell;
    private volatile UpdateScan lastScan;

    public WuaUpdateAgent(PowerShell powershell) {
        this.powershell = powershell;
    }

    @Override
    public UpdateScan scan(Deadline deadline) throws OsOperationException, InterruptedException {
        UpdateScan s = parseScan(powershell.json(WuaScripts.SEARCH, deadline));
        if (!s.rebootRequired() && RebootMarkers.rebootRequired()) {
            s = new UpdateScan(s.updates(), true, s.automaticUpdatesEnabled(), s.lastSearchMillis(),
                    s.lastInstallMillis(), s.agentVersion());
        }
        lastScan = s;
        return s;
    }

    static UpdateScan parseScan(Json json) throws OsOperationException {
        if (!(json instanceof JsonObject o)) {
            throw new OsOperationException("unexpected Windows Update search output");
        }
        List<AvailableUpdate> updates = new ArrayList<>();
        for (JsonObject u : PsJson.objects(o.get("Updates").orElse(JsonArray.EMPTY))) {
            String title = PsJson.textOr(u, "Title", "");
            if (title.isEmpty()) {
                continue;
            }
            OptionalLong size = PsJson.integer(u, "MaxDownloadSize");
            updates.add(new AvailableUpdate(title, strings(u.get("KBArticleIDs").orElse(null)),
                    PsJson.text(u, "MsrcSeverity").orElse(null), PsJson.bool(u, "IsMandatory").orElse(false),
                    PsJson.text(u, "Description").orElse(null),
                    size.isPresent() && size.getAsLong() > 0 ? size.getAsLong() : null,
                    strings(u.get("Categories").orElse(null))));
        }
        return new UpdateScan(updates, PsJson.bool(o, "RebootRequired").orElse(false),
                PsJson.bool(o, "AutomaticUpdatesEnabled").orElse(false), millis(o, "LastSearchSuccessDate"),
                millis(o, "LastInstallationSuccessDate"), PsJson.text(o, "AgentVersion").orElse(null));
    }

    /** A string list that ConvertTo-Json may have flattened to a single string, or left out. */
    static List<String> strings(Json j) {
        List<String> out = new ArrayList<>();
        if (j instanceof JsonArray a) {
            for (Json item : a.items()) {
                String s = text(item);
                if (s != null) {
                    out.add(s);
                }
            }
        } else {
            String s = text(j);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static String text(Json j) {
        if (j == null) {
            return null;
        }
        JsonObject wrap = JsonObject.builder().put("v", j).build();
        return PsJson.text(wrap, "v").orElse(null);
    }

    private static Long millis(JsonObject o, String key) {
        OptionalLong m = PsJson.date(o, key);
        return m.isPresent() ? m.getAsLong() : null;
    }

    @Override
    public List<UpdateRecord> history(long sinceMillis, Deadline deadline)
            throws OsOperationException, InterruptedException {
        List<UpdateRecord> out = new ArrayList<>();
        for (UpdateRecord r : parseHistory(powershell.json(WuaScripts.HISTORY, deadline))) {
            if (r.dateMillis() >= sinceMillis) {
                out.add(r);
            }
        }
        return out;
    }

    static List<UpdateRecord> parseHistory(Json json) {
        List<UpdateRecord> out = new ArrayList<>();
        for (JsonObject e : PsJson.objects(json)) {
            String title = PsJson.textOr(e, "Title", "");
            OptionalLong date = PsJson.date(e, "Date");
            if (title.isEmpty() || date.isEmpty()) {
                continue;
            }
            int code = (int) PsJson.integer(e, "ResultCode").orElse(-1);
            String status = code >= 0 && code < RESULT_CODES.length ? RESULT_CODES[code] : "Unknown";
            long op = PsJson.integer(e, "Operation").orElse(1);
            String description = PsJson.text(e, "Description").orElse(op == 2 ? "Uninstallation" : "Installation");
            out.add(new UpdateRecord(title, kb(title), date.getAsLong(), status, Math.max(code, 0), description));
        }
        return out;
    }

    /** {@code KB5031234} from a title such as "2023-10 Cumulative Update ... (KB5031234)", else null. */
    static String kb(String title) {
        Matcher m = KB.matcher(title);
        return m.find() ? "KB" + m.group(1) : null;
    }

    @Override
    public List<RemediationStep> repair(Deadline deadline) throws InterruptedException {
        try {
            return ScriptSteps.parse(powershell.json(WuaScripts.REPAIR, deadline));
        } catch (OsOperationException e) {
            return List.of(new RemediationStep("repair_windows_update", false, e.getMessage()));
        }
    }

    /** UpdateSystemSoftware without a package: download and install every pending software update. */
    public PackageChange installAll(Deadline deadline) throws OsOperationException, InterruptedException {
        Json json = powershell.json(WuaScripts.INSTALL_ALL, deadline);
        if (!(json instanceof JsonObject o)) {
            throw new OsOperationException("unexpected Windows Update install output");
        }
        long count = PsJson.integer(o, "Count").orElse(0);
        int code = (int) PsJson.integer(o, "ResultCode").orElse(4);
        boolean reboot = PsJson.bool(o, "RebootRequired").orElse(false) || RebootMarkers.rebootRequired();
        String result = code >= 0 && code < RESULT_CODES.length ? RESULT_CODES[code] : "Unknown";
        String stdout = count + " updates, result " + result + (reboot ? ", reboot required" : "") + "\n";
        if (code == 4 || code == 5) {
            throw new OsOperationException(ExitCodes.FAILED, "Windows Update installation " + result.toLowerCase(),
                    stdout, "");
        }
        return new PackageChange(count > 0, reboot, (int) count, new CommandOutput(0, stdout, ""));
    }

    /** Empties {@code SoftwareDistribution\\Download} with the update service stopped. */
    public CommandOutput cleanDownloadCache(Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = powershell.run(WuaScripts.CLEAN_DOWNLOADS, deadline, null);
        return new CommandOutput(0, r.stdout(), r.stderr());
    }

    /** The last scan's automatic-updates flag (false before the first scan). */
    boolean automaticUpdatesEnabled() {
        UpdateScan s = lastScan;
        return s != null && s.automaticUpdatesEnabled();
    }

    Long lastInstallMillis() {
        UpdateScan s = lastScan;
        return s == null ? null : s.lastInstallMillis();
    }

    /** The update-status object's {@code package_manager}: {@code windows_update}. */
    @Override
    public String name() {
        return "windows_update";
    }

    @Override
    public String displayName() {
        return "Windows Update";
    }
}
