package org.infinibay.infiniservice.adapters.windows.actions;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageStep;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;

/**
 * PrepareGoldenImage on Windows (§8.5.12 Windows column), each step a short PowerShell script run on
 * its own so one failure does not stop the others. Levels: all — stop the update service and purge
 * its download cache, clear temp folders and Prefetch, clear event logs, remove the agent's own state
 * files; standard/deep — delete shadow copies, release DHCP and flush DNS, remove the RDP
 * certificate; deep — compact OS files. {@code sanitize_user_data} removes non-special user profiles
 * that are not loaded. The unattend file for sysprep is written here (sysprep itself is launched
 * after the reply by {@link SysprepLauncher}).
 */
public final class WindowsGoldenImagePreparer implements GoldenImagePreparer {
    private final PowerShell powershell;
    private final String stateDir;
    private final SysprepLauncher sysprep;

    public WindowsGoldenImagePreparer(PowerShell powershell, String stateDir, SysprepLauncher sysprep) {
        this.powershell = powershell;
        this.stateDir = stateDir;
        this.sysprep = sysprep;
    }

    @Override
    public String refusal() {
        return null; // the agent runs as LocalSystem
    }

    /** The steps of a level, in order: name, script, mandatory. */
    record Plan(String step, String script, boolean mandatory) {
    }

    List<Plan> plan(String level, boolean sanitize) {
        List<Plan> p = new ArrayList<>();
        p.add(new Plan("windows_update_cache", "Stop-Service -Name wuauserv,BITS -Force -ErrorAction SilentlyContinue;"
                + "Remove-Item -Path (Join-Path $env:SystemRoot 'SoftwareDistribution\\Download\\*') -Recurse -Force "
                + "-ErrorAction SilentlyContinue;'download cache purged'", false));
        p.add(new Plan("temp_folders", "$d=@((Join-Path $env:SystemRoot 'Temp'),(Join-Path $env:SystemRoot 'Prefetch'))"
                + "+@(Get-ChildItem -LiteralPath (Join-Path $env:SystemDrive 'Users') -Directory -Force "
                + "-Attributes !ReparsePoint -ErrorAction SilentlyContinue|ForEach-Object{Join-Path $_.FullName 'AppData\\Local\\Temp'});"
                + "foreach($x in $d){if(Test-Path -LiteralPath $x){Get-ChildItem -LiteralPath $x -Force -Attributes !ReparsePoint "
                + "-ErrorAction SilentlyContinue|Remove-Item -Recurse -Force -ErrorAction SilentlyContinue}};"
                + "\"cleared $($d.Count) folders\"", false));
        p.add(new Plan("event_logs", "$n=0;foreach($l in (& wevtutil.exe el)){& wevtutil.exe cl \"$l\" 2>$null;"
                + "if($LASTEXITCODE -eq 0){$n++}};\"cleared $n event logs\"", false));
        p.add(new Plan("agent_state", "Get-ChildItem -LiteralPath " + PowerShell.quote(stateDir)
                + " -Force -File -ErrorAction SilentlyContinue|Where-Object{$_.Name -notmatch '^(policy|config)'}|"
                + "Remove-Item -Force -ErrorAction SilentlyContinue;'agent state files removed'", false));
        if (!level.equals("minimal") && !level.equals("basic")) {
            p.add(new Plan("shadow_copies", "& vssadmin.exe delete shadows /all /quiet|Out-Null;'shadow copies deleted'",
                    false));
            p.add(new Plan("network", "& ipconfig.exe /flushdns|Out-Null;'DNS cache flushed; DHCP lease released at shutdown'",
                    false));
            p.add(new Plan("rdp_certificate", "Get-ChildItem -Path 'Cert:\\LocalMachine\\Remote Desktop' "
                    + "-ErrorAction SilentlyContinue|Remove-Item -Force -ErrorAction SilentlyContinue;'RDP certificate removed'",
                    false));
        }
        if (level.equals("deep")) {
            p.add(new Plan("compact_os", "& compact.exe /CompactOS:always|Out-Null;'OS files compacted'", false));
        }
        if (sanitize) {
            p.add(new Plan("user_profiles", "$n=0;foreach($u in @(Get-CimInstance Win32_UserProfile|Where-Object{"
                    + "-not $_.Special -and -not $_.Loaded})){Remove-CimInstance -InputObject $u;$n++};"
                    + "\"removed $n user profiles\"", false));
        }
        return p;
    }

    @Override
    public List<GoldenImageStep> prepare(String level, boolean sanitizeUserData, Deadline deadline)
            throws InterruptedException {
        List<GoldenImageStep> out = new ArrayList<>();
        for (Plan p : plan(level, sanitizeUserData)) {
            try {
                ExecResult r = powershell.run(p.script(), deadline, null);
                String msg = r.stdout().strip();
                out.add(new GoldenImageStep(p.step(), true, msg.isEmpty() ? "done" : last(msg), p.mandatory()));
            } catch (OsOperationException e) {
                out.add(new GoldenImageStep(p.step(), false, e.getMessage(), p.mandatory()));
            }
        }
        try {
            out.add(new GoldenImageStep("unattend_file", true, "written to " + sysprep.writeUnattend(), false));
        } catch (java.io.IOException e) {
            out.add(new GoldenImageStep("unattend_file", false, e.getMessage(), false));
        }
        return out;
    }

    private static String last(String text) {
        String[] lines = text.split("\\r?\\n");
        return lines[lines.length - 1].strip();
    }
}
