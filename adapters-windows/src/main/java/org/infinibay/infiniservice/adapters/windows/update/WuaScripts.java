package org.infinibay.infiniservice.adapters.windows.update;

/**
 * The Windows Update Agent scripts (COM {@code Microsoft.Update.Session}). Every enum leaves as an
 * explicit integer or string and every date as UTC ISO 8601 ({@code ToString('o')}) — never as
 * whatever {@code ConvertTo-Json} would make of a COM object (pitfall P20).
 */
final class WuaScripts {
    static final String CRITERIA = "IsInstalled=0 and IsHidden=0 and Type='Software'";

    /** UTC ISO text of a COM date, or $null; WUA reports UTC but marks the kind as unspecified. */
    private static final String ISO = "function Iso($d){if($d -eq $null -or $d -is [DBNull]){return $null};"
            + "$t=[datetime]$d;if($t.Year -lt 1971){return $null};"
            + "[datetime]::SpecifyKind($t,[DateTimeKind]::Utc).ToString('o')};";

    static final String SEARCH = ISO
            + "$s=New-Object -ComObject Microsoft.Update.Session;$s.ClientApplicationID='InfiniService';"
            + "$r=$s.CreateUpdateSearcher().Search(\"" + CRITERIA + "\");"
            + "$items=@(foreach($u in $r.Updates){[pscustomobject]@{Title=[string]$u.Title;"
            + "KBArticleIDs=@($u.KBArticleIDs|ForEach-Object{[string]$_});MsrcSeverity=[string]$u.MsrcSeverity;"
            + "IsMandatory=[bool]$u.IsMandatory;Description=[string]$u.Description;"
            + "MaxDownloadSize=[long]$u.MaxDownloadSize;Categories=@($u.Categories|ForEach-Object{[string]$_.Name})}});"
            + "$au=$null;try{$au=New-Object -ComObject Microsoft.Update.AutoUpdate}catch{};"
            + "$last=$null;$inst=$null;if($au){try{$last=Iso $au.Results.LastSearchSuccessDate;"
            + "$inst=Iso $au.Results.LastInstallationSuccessDate}catch{}};"
            + "$ver=$null;try{$ver=[string](Get-Item \"$env:SystemRoot\\System32\\wuaueng.dll\").VersionInfo.ProductVersion}catch{};"
            + "[pscustomobject]@{Updates=$items;"
            + "RebootRequired=[bool](New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired;"
            + "AutomaticUpdatesEnabled=[bool]($au -and $au.ServiceEnabled);LastSearchSuccessDate=$last;"
            + "LastInstallationSuccessDate=$inst;AgentVersion=$ver}|ConvertTo-Json -Depth 4 -Compress";

    /** The newest 1000 history entries; the agent filters by date. */
    static final String HISTORY = ISO
            + "$h=(New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher();"
            + "$n=$h.GetTotalHistoryCount();$out=@();"
            + "if($n -gt 0){foreach($e in $h.QueryHistory(0,[Math]::Min($n,1000))){"
            + "$out+=[pscustomobject]@{Title=[string]$e.Title;Date=(Iso $e.Date);ResultCode=[int]$e.ResultCode;"
            + "Operation=[int]$e.Operation;Description=[string]$e.Description}}};"
            + "ConvertTo-Json -InputObject @($out) -Depth 3 -Compress";

    static final String INSTALL_ALL = "$s=New-Object -ComObject Microsoft.Update.Session;$s.ClientApplicationID='InfiniService';"
            + "$r=$s.CreateUpdateSearcher().Search(\"" + CRITERIA + "\");"
            + "$c=New-Object -ComObject Microsoft.Update.UpdateColl;"
            + "foreach($u in $r.Updates){if(-not $u.InstallationBehavior.CanRequestUserInput){"
            + "if(-not $u.EulaAccepted){$u.AcceptEula()};[void]$c.Add($u)}};"
            + "if($c.Count -eq 0){[pscustomobject]@{Count=0;ResultCode=2;RebootRequired=$false}|ConvertTo-Json -Compress;return};"
            + "$d=$s.CreateUpdateDownloader();$d.Updates=$c;[void]$d.Download();"
            + "$i=$s.CreateUpdateInstaller();$i.Updates=$c;$res=$i.Install();"
            + "[pscustomobject]@{Count=$c.Count;ResultCode=[int]$res.ResultCode;RebootRequired=[bool]$res.RebootRequired}"
            + "|ConvertTo-Json -Compress";

    static final String CLEAN_DOWNLOADS = "$p=Join-Path $env:SystemRoot 'SoftwareDistribution\\Download';"
            + "Stop-Service -Name wuauserv -Force -ErrorAction SilentlyContinue;"
            + "$f=@(Get-ChildItem -LiteralPath $p -Recurse -Force -File -Attributes !ReparsePoint -ErrorAction SilentlyContinue);"
            + "$b=($f|Measure-Object -Property Length -Sum).Sum;"
            + "Get-ChildItem -LiteralPath $p -Force -ErrorAction SilentlyContinue|Remove-Item -Recurse -Force -ErrorAction SilentlyContinue;"
            + "Start-Service -Name wuauserv -ErrorAction SilentlyContinue;"
            + "\"removed $($f.Count) files, $([long]$b) bytes from $p\"";

    static final String REPAIR = org.infinibay.infiniservice.adapters.windows.powershell.ScriptSteps.FUNCTION
            + "Step 'restart_bits' {Restart-Service -Name BITS -Force;'BITS restarted'};"
            + "Step 'restart_cryptsvc' {Restart-Service -Name CryptSvc -Force;'CryptSvc restarted'};"
            + "Step 'restart_wuauserv' {Restart-Service -Name wuauserv -Force;'wuauserv restarted'};"
            + "Step 'trigger_scan' {$r=(New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search(\""
            + CRITERIA + "\");\"scan found $($r.Updates.Count) pending updates\"}"
            + org.infinibay.infiniservice.adapters.windows.powershell.ScriptSteps.PRINT;

    private WuaScripts() {
    }
}
