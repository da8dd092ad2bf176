package org.infinibay.infiniservice.adapters.windows.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PsJson;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * CheckFirewallStatus on Windows (§8.5.6): {@code Get-NetFirewallProfile} as JSON, enums converted to
 * names in the script; the parser also reads the integers of raw cmdlet output (GpoBoolean
 * 0 False / 1 True / 2 NotConfigured; Action 0 NotConfigured / 2 Allow / 4 Block).
 */
public final class WindowsFirewallInspector implements FirewallInspector {
    static final String SCRIPT = "$r=@(Get-NetFirewallRule -Enabled True -ErrorAction SilentlyContinue).Count;"
            + "$p=@(foreach($x in Get-NetFirewallProfile){[pscustomobject]@{Name=[string]$x.Name;"
            + "Enabled=$x.Enabled.ToString();DefaultInboundAction=$x.DefaultInboundAction.ToString();"
            + "DefaultOutboundAction=$x.DefaultOutboundAction.ToString()}});"
            + "[pscustomobject]@{Profiles=$p;EnabledRules=[int]$r}|ConvertTo-Json -Depth 3 -Compress";

    private final PowerShell powershell;

    public WindowsFirewallInspector(PowerShell powershell) {
        this.powershell = powershell;
    }

    @Override
    public FirewallStatus inspect(Deadline deadline) throws OsOperationException, InterruptedException {
        Json json = powershell.json(SCRIPT, deadline);
        if (json instanceof JsonObject o && o.has("Profiles")) {
            return parse(o.get("Profiles").orElse(null), (int) PsJson.integer(o, "EnabledRules").orElse(0));
        }
        return parse(json, 0);
    }

    /** Profiles (our selection or raw {@code Get-NetFirewallProfile | ConvertTo-Json}) as the §8.5.6 object. */
    static FirewallStatus parse(Json profiles, int rules) {
        List<String> names = new ArrayList<>();
        List<String> enabled = new ArrayList<>();
        String inbound = null;
        String outbound = null;
        StringBuilder raw = new StringBuilder();
        for (JsonObject p : PsJson.objects(profiles)) {
            String name = PsJson.textOr(p, "Name", "?");
            boolean on = gpoBoolean(p, "Enabled");
            names.add(name);
            if (on) {
                enabled.add(name);
            }
            String in = action(p, "DefaultInboundAction", "block");
            String out = action(p, "DefaultOutboundAction", "allow");
            // the Public profile is the one that applies to an unidentified (typical VM) network
            if (inbound == null || name.equalsIgnoreCase("Public")) {
                inbound = in;
                outbound = out;
            }
            raw.append(name).append(": ").append(on ? "on" : "off").append(", inbound ").append(in)
                    .append(", outbound ").append(out).append('\n');
        }
        if (names.isEmpty()) {
            return new FirewallStatus("windows", false, "unknown", rules, null, null, List.of(), raw.toString());
        }
        String status = enabled.size() == names.size() ? "active" : enabled.isEmpty() ? "inactive" : "partially active";
        return new FirewallStatus("windows", !enabled.isEmpty(), status, rules, inbound, outbound, enabled,
                raw.toString());
    }

    static boolean gpoBoolean(JsonObject p, String key) {
        String t = PsJson.text(p, key).orElse("").toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("1");
    }

    /** {@code allow}/{@code block}; NotConfigured is Windows' own default ({@code dflt}). */
    static String action(JsonObject p, String key, String dflt) {
        String t = PsJson.text(p, key).orElse("").toLowerCase(Locale.ROOT);
        switch (t) {
            case "allow":
            case "2":
                return "allow";
            case "block":
            case "4":
                return "block";
            default:
                return dflt;
        }
    }
}
