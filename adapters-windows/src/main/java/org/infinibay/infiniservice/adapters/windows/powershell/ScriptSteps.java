package org.infinibay.infiniservice.adapters.windows.powershell;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.os.RemediationStep;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Repair scripts made of named steps: each step runs in its own try/catch, so one failure does not
 * stop the others, and the script prints {@code [{"action","success","message"}]}.
 */
public final class ScriptSteps {
    /** Defines {@code Step 'name' { ... }}; the block's output (as a string) is the step's message. */
    public static final String FUNCTION = "$script:steps=@();function Step([string]$n,[scriptblock]$b){"
            + "try{$m=(& $b|Out-String).Trim();$script:steps+=[pscustomobject]@{action=$n;success=$true;message=$m}}"
            + "catch{$script:steps+=[pscustomobject]@{action=$n;success=$false;message=[string]$_.Exception.Message}}};";
    public static final String PRINT = ";ConvertTo-Json -InputObject @($script:steps) -Compress";

    private ScriptSteps() {
    }

    public static List<RemediationStep> parse(Json json) {
        List<RemediationStep> out = new ArrayList<>();
        for (JsonObject o : PsJson.objects(json)) {
            String action = PsJson.textOr(o, "action", "");
            if (!action.isEmpty()) {
                out.add(new RemediationStep(action, PsJson.bool(o, "success").orElse(false),
                        PsJson.textOr(o, "message", "")));
            }
        }
        return out;
    }
}
