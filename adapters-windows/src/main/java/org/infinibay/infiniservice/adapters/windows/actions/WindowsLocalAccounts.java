package org.infinibay.infiniservice.adapters.windows.actions;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.PsJson;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.LocalAccount;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** UserList on Windows (CONTRACT §8.5.4): {@code Get-LocalUser} as JSON, SID converted to its string. */
public final class WindowsLocalAccounts implements LocalAccounts {
    static final String SCRIPT = "@(Get-LocalUser | Select-Object Name,FullName,Description,Enabled,"
            + "@{n='Sid';e={$_.SID.Value}}) | ConvertTo-Json -Depth 2 -Compress";

    private final PowerShell powershell;

    public WindowsLocalAccounts(PowerShell powershell) {
        this.powershell = powershell;
    }

    @Override
    public List<LocalAccount> users() throws OsOperationException {
        try {
            return parse(powershell.json(SCRIPT, Deadline.forWireTimeout(System.nanoTime(), 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OsOperationException("interrupted");
        }
    }

    public static List<LocalAccount> parse(Json json) {
        List<LocalAccount> out = new ArrayList<>();
        for (JsonObject o : PsJson.objects(json)) {
            String name = PsJson.textOr(o, "Name", "");
            if (name.isEmpty()) {
                continue;
            }
            Boolean enabled = PsJson.bool(o, "Enabled").orElse(null);
            out.add(new LocalAccount(name, null, null, PsJson.text(o, "Description").orElse(null), null, null,
                    PsJson.text(o, "FullName").orElse(null), enabled == null ? null : !enabled, null,
                    PsJson.text(o, "Sid").orElse(null)));
        }
        return out;
    }
}
