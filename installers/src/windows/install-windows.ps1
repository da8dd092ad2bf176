<#
.SYNOPSIS
  InfiniService one-command installer for Windows, run by the VM's unattended setup:
    $env:INFINISERVICE_SHARED_SECRET = '<64 hex>'; .\install-windows.ps1 -ServiceMode normal -VmId <VM_ID>
.DESCRIPTION
  Installs the InfiniService MSI lying next to this script (msiexec, per machine, quiet), registers
  the Windows service (java.exe @argfile run; automatic start, restart on failure with back-off),
  stores the VM id and the secret in the service's private registry environment
  (HKLM\SYSTEM\CurrentControlSet\Services\InfiniService\Environment: SYSTEM and Administrators only),
  creates %ProgramData%\InfiniService (SYSTEM and Administrators only), generates the CDS archive and
  starts the service. Idempotent: running it again upgrades in place. Logs to
  %ProgramData%\InfiniService\install.log (never the secret).
  NOT RUN in this repository's CI (no Windows machine); see docs/operator-guide.md.
#>
param(
  [Parameter(Mandatory)] [ValidateSet('normal')] [string] $ServiceMode,
  [Parameter(Mandatory)] [ValidatePattern('^[A-Za-z0-9-]{1,64}$')] [string] $VmId,
  [string] $Msi,
  # accepted and ignored, like the agent itself (CONTRACT §1.6)
  [Parameter(ValueFromRemainingArguments)] $Rest
)
$ErrorActionPreference = 'Stop'
$ServiceName = 'InfiniService'
$here = Split-Path -Parent $PSCommandPath
$data = Join-Path $env:ProgramData 'InfiniService'
New-Item -ItemType Directory -Force $data | Out-Null
$log = Join-Path $data 'install.log'
function Log($m) { $l = "{0:yyyy-MM-ddTHH:mm:ssZ} install-windows: {1}" -f (Get-Date).ToUniversalTime(), $m; Write-Host $l; Add-Content -Path $log -Value $l }

if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw 'install-windows.ps1 must run as Administrator'
}
if ($VmId -notmatch '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') { Log "WARNING: VmId '$VmId' is not a lower-case UUID; used as given" }
$secret = $env:INFINISERVICE_SHARED_SECRET
if (-not $secret) { Log 'WARNING: INFINISERVICE_SHARED_SECRET is not set: the agent will refuse every host command' }
elseif ($secret -notmatch '^[0-9a-f]{64}$') { Log 'WARNING: the secret is not 64 lower-case hex characters; used as given' }
Log "mode=$ServiceMode vm_id=$VmId secret=$(if ($secret) { 'present' } else { 'absent' })"

# state directory: SYSTEM and Administrators only (CONTRACT §1.6)
& icacls $data /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'Administrators:(OI)(CI)F' | Out-Null

# 1. the MSI (same upgrade code: a newer or equal version replaces the installed one)
if (-not $Msi) { $Msi = (Get-ChildItem $here -Filter 'InfiniService-*.msi' | Sort-Object Name | Select-Object -Last 1).FullName }
if (-not $Msi -or -not (Test-Path $Msi)) { throw "no InfiniService-*.msi next to $PSCommandPath (or pass -Msi)" }
$svc = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($svc -and $svc.Status -ne 'Stopped') { Log 'stopping the running service for the upgrade'; Stop-Service $ServiceName -Force }
Log "installing $Msi"
$p = Start-Process msiexec.exe -Wait -PassThru -ArgumentList @('/i', "`"$Msi`"", '/qn', '/norestart', 'REINSTALLMODE=amus', '/l*v', "`"$data\msiexec.log`"")
if ($p.ExitCode -notin 0, 3010) { throw "msiexec failed with $($p.ExitCode); see $data\msiexec.log" }
$dir = Join-Path $env:ProgramFiles 'InfiniService'
$java = Join-Path $dir 'runtime\bin\java.exe'
$argFile = Join-Path $dir 'app\infiniservice.args'
if (-not (Test-Path (Join-Path $data 'config.toml'))) { Copy-Item (Join-Path $dir 'app\config.toml.default') (Join-Path $data 'config.toml') }

# 2. CDS archive for this install path (never fatal)
Remove-Item -Force -ErrorAction SilentlyContinue (Join-Path $dir 'app\app.jsa')
& $java -Xshare:dump 2>&1 | Out-Null
$dump = Join-Path $env:TEMP 'infiniservice-dump.args'
Get-Content $argFile | Where-Object { $_ -notmatch 'SharedArchiveFile' } | Set-Content -Encoding ASCII $dump
& $java "-XX:ArchiveClassesAtExit=$dir\app\app.jsa" "@$dump" metrics --once --state-dir "$env:TEMP\infiniservice-cds" 2>&1 | Out-Null
Log ("CDS archive: " + $(if (Test-Path "$dir\app\app.jsa") { 'generated' } else { 'not generated (slower start only)' }))

# 3. the service: java.exe @argfile run (the agent enters service mode when started by the SCM)
$binPath = "`"$java`" `"@$argFile`" run"
if (-not (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
  New-Service -Name $ServiceName -BinaryPathName $binPath -DisplayName 'InfiniService (Infinibay guest agent)' `
    -Description 'Sends metrics to the Infinibay host and runs its signed commands.' -StartupType Automatic | Out-Null
  Log 'service registered'
} else {
  & sc.exe config $ServiceName binPath= $binPath start= auto | Out-Null
  Log 'service updated'
}
# restart on failure: 5 s, 30 s, then every 2 min; the failure count resets after a day
& sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/30000/restart/120000 | Out-Null
& sc.exe failureflag $ServiceName 1 | Out-Null

# 4. secret and VM id in the service's private environment (REG_MULTI_SZ), SYSTEM/Administrators only
$key = "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName"
$envValues = @("INFINIBAY_VM_ID=$VmId", "INFINISERVICE_STATE_DIR=$data")
if ($secret) { $envValues += "INFINISERVICE_SHARED_SECRET=$secret" }
else {
  $old = (Get-ItemProperty -Path $key -Name Environment -ErrorAction SilentlyContinue).Environment | Where-Object { $_ -like 'INFINISERVICE_SHARED_SECRET=*' }
  if ($old) { $envValues += $old; Log 'keeping the secret already configured' }
}
New-ItemProperty -Path $key -Name Environment -PropertyType MultiString -Value $envValues -Force | Out-Null
Log 'service environment written'

Start-Service $ServiceName
Start-Sleep -Seconds 3
Log ("service state: " + (Get-Service $ServiceName).Status)
Log 'done'
