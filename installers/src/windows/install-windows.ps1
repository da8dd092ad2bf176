<#
.SYNOPSIS
  InfiniService one-command installer for Windows (Windows PowerShell 5.1 and PowerShell 7):
    .\install-windows.ps1 -ServiceMode normal -VmId <VM_ID> -SharedSecretFile <file>
    .\install-windows.ps1 -ServiceMode normal -VmId <VM_ID>            # secret from $env:INFINISERVICE_SHARED_SECRET
    .\install-windows.ps1 -Uninstall [-KeepData]
.DESCRIPTION
  Installs the InfiniService MSI lying next to this script (msiexec, per machine, quiet), registers
  the Windows service (java.exe @argfile run; automatic start, restart on failure with back-off),
  registers the Event Log source InfiniService (Application log, .NET's EventLogMessages.dll as
  message file), stores the VM id and the per-VM secret in the service's private registry
  environment and restricts that service key to SYSTEM and Administrators, creates
  %ProgramData%\InfiniService (SYSTEM and Administrators only), dumps the CDS archive for this
  install from the shipped class list and starts the service. Idempotent: running it again
  upgrades in place and keeps a secret already stored when none is given.

  The secret: -SharedSecret (visible to other local users in the process list while this runs:
  prefer the file or the environment), -SharedSecretFile (first line), or
  $env:INFINISERVICE_SHARED_SECRET, in that order. It is never printed nor logged. Without any, the
  agent runs metrics-only (every host command refused), and this script says so.

  Logs to %ProgramData%\InfiniService\install.log (never the secret). Native programs are run
  through Invoke-Native (redirected streams, exit codes checked), never with 2>&1: under Windows
  PowerShell 5.1 and $ErrorActionPreference = 'Stop' every stderr line of a native program would
  abort the script.
#>
[CmdletBinding(DefaultParameterSetName = 'Install')]
param(
  [Parameter(Mandatory, ParameterSetName = 'Install')] [ValidateSet('normal')] [string] $ServiceMode,
  [Parameter(Mandatory, ParameterSetName = 'Install')] [ValidatePattern('^[A-Za-z0-9-]{1,64}$')] [string] $VmId,
  [Parameter(ParameterSetName = 'Install')] [string] $SharedSecret,
  [Parameter(ParameterSetName = 'Install')] [string] $SharedSecretFile,
  [Parameter(ParameterSetName = 'Install')] [string] $Msi,
  [Parameter(Mandatory, ParameterSetName = 'Uninstall')] [switch] $Uninstall,
  [Parameter(ParameterSetName = 'Uninstall')] [switch] $KeepData,
  # accepted and ignored, like the agent itself (CONTRACT section 1.6)
  [Parameter(ValueFromRemainingArguments)] $Rest
)
$ErrorActionPreference = 'Stop'
$ServiceName = 'InfiniService'
$EventSource = 'InfiniService'
$here = Split-Path -Parent $PSCommandPath
$data = Join-Path $env:ProgramData 'InfiniService'
$dir = Join-Path $env:ProgramFiles 'InfiniService'
$serviceKey = "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName"
$eventKey = "HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Application\$EventSource"
$log = Join-Path $data 'install.log'

function Log([string] $m) {
  $l = '{0:yyyy-MM-ddTHH:mm:ssZ} install-windows: {1}' -f (Get-Date).ToUniversalTime(), $m
  Write-Host $l
  if (Test-Path $data) { Add-Content -Path $log -Value $l }
}

# One command-line argument quoted for CommandLineToArgvW (what java.exe, msiexec and sc.exe parse).
function ConvertTo-NativeArgument([string] $a) {
  if ($a -ne '' -and $a -notmatch '[\s"]') { return $a }
  $sb = New-Object System.Text.StringBuilder
  [void]$sb.Append('"')
  $slashes = 0
  foreach ($ch in $a.ToCharArray()) {
    if ($ch -eq [char]92) { $slashes++; continue }
    if ($ch -eq [char]34) { [void]$sb.Append([char]92, 2 * $slashes + 1) } else { [void]$sb.Append([char]92, $slashes) }
    $slashes = 0
    [void]$sb.Append($ch)
  }
  [void]$sb.Append([char]92, 2 * $slashes)
  [void]$sb.Append('"')
  return $sb.ToString()
}

# Runs a native program with both streams redirected and read concurrently (no pipe deadlock, no
# stderr-to-error-record conversion): returns @{ ExitCode; Output } where Output is stdout + stderr.
function Invoke-Native([string] $FilePath, [string[]] $ArgumentList = @(), [int] $TimeoutSeconds = 600) {
  $psi = New-Object System.Diagnostics.ProcessStartInfo
  $psi.FileName = $FilePath
  $psi.Arguments = (($ArgumentList | ForEach-Object { ConvertTo-NativeArgument $_ }) -join ' ')
  $psi.UseShellExecute = $false
  $psi.RedirectStandardOutput = $true
  $psi.RedirectStandardError = $true
  $psi.RedirectStandardInput = $true
  $psi.CreateNoWindow = $true
  $p = [System.Diagnostics.Process]::Start($psi)
  $p.StandardInput.Close()
  $out = $p.StandardOutput.ReadToEndAsync()
  $err = $p.StandardError.ReadToEndAsync()
  if (-not $p.WaitForExit($TimeoutSeconds * 1000)) {
    try { $p.Kill() } catch { }
    return @{ ExitCode = -1; Output = "$FilePath did not finish within $TimeoutSeconds s" }
  }
  $p.WaitForExit()
  return @{ ExitCode = $p.ExitCode; Output = ($out.Result + $err.Result) }
}

function Assert-Administrator {
  $id = [Security.Principal.WindowsIdentity]::GetCurrent()
  if (-not ([Security.Principal.WindowsPrincipal] $id).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'install-windows.ps1 must run as Administrator'
  }
}

# SYSTEM and Administrators only, nothing inherited (well-known SIDs: independent of the language).
function Set-PrivateAcl([string] $Path, [switch] $RegistryKey) {
  $system = New-Object Security.Principal.SecurityIdentifier 'S-1-5-18'
  $admins = New-Object Security.Principal.SecurityIdentifier 'S-1-5-32-544'
  if ($RegistryKey) {
    $acl = New-Object Security.AccessControl.RegistrySecurity
    foreach ($sid in $system, $admins) {
      $acl.AddAccessRule((New-Object Security.AccessControl.RegistryAccessRule($sid, 'FullControl', 'ContainerInherit', 'None', 'Allow')))
    }
  } else {
    $acl = New-Object Security.AccessControl.DirectorySecurity
    foreach ($sid in $system, $admins) {
      $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule($sid, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')))
    }
  }
  $acl.SetAccessRuleProtection($true, $false)
  Set-Acl -Path $Path -AclObject $acl
}

function Get-InstalledProductCode {
  foreach ($root in 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall') {
    if (-not (Test-Path $root)) { continue }
    foreach ($k in Get-ChildItem $root) {
      $p = Get-ItemProperty -Path $k.PSPath -ErrorAction SilentlyContinue
      if ($p -and $p.DisplayName -eq 'InfiniService' -and $k.PSChildName -match '^\{[0-9A-Fa-f-]+\}$') { return $k.PSChildName }
    }
  }
  return $null
}

function Stop-AgentService {
  $svc = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
  if ($svc -and $svc.Status -ne 'Stopped') {
    Log 'stopping the running service'
    Stop-Service $ServiceName -Force
    $svc.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(60))
  }
}

Assert-Administrator

# ---------------------------------------------------------------------------------------- uninstall
if ($Uninstall) {
  Stop-AgentService
  if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    $r = Invoke-Native 'sc.exe' @('delete', $ServiceName)
    if ($r.ExitCode -ne 0) { throw "sc.exe delete failed ($($r.ExitCode)): $($r.Output)" }
    Log 'service removed'
  }
  if (Test-Path $eventKey) { Remove-Item -Recurse -Force $eventKey; Log 'Event Log source removed' }
  $code = Get-InstalledProductCode
  if ($code) {
    $r = Invoke-Native 'msiexec.exe' @('/x', $code, '/qn', '/norestart')
    if ($r.ExitCode -notin 0, 1605, 3010) { throw "msiexec /x failed with $($r.ExitCode)" }
    Log 'program removed'
  }
  # files the MSI does not own: the CDS archive dumped at install time
  if (Test-Path $dir) { Remove-Item -Recurse -Force $dir }
  if (-not $KeepData -and (Test-Path $data)) { Remove-Item -Recurse -Force $data; Write-Host 'install-windows: state, configuration and secret removed' }
  Write-Host 'install-windows: uninstalled'
  return
}

# ------------------------------------------------------------------------------------------ install
New-Item -ItemType Directory -Force $data | Out-Null
Set-PrivateAcl $data   # state directory: SYSTEM and Administrators only (CONTRACT section 1.6)

if ($VmId -notmatch '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') { Log "WARNING: VmId '$VmId' is not a lower-case UUID; used as given" }
$secret = $null
$secretFrom = $null
if ($SharedSecret) { $secret = $SharedSecret.Trim(); $secretFrom = 'the -SharedSecret argument' }
elseif ($SharedSecretFile) {
  if (-not (Test-Path -LiteralPath $SharedSecretFile)) { throw "secret file not found: $SharedSecretFile" }
  $secret = (Get-Content -LiteralPath $SharedSecretFile -TotalCount 1)
  if ($secret) { $secret = $secret.Trim() }
  if (-not $secret) { throw "secret file is empty: $SharedSecretFile" }
  $secretFrom = 'the file given with -SharedSecretFile'
}
elseif ($env:INFINISERVICE_SHARED_SECRET) { $secret = $env:INFINISERVICE_SHARED_SECRET.Trim(); $secretFrom = 'INFINISERVICE_SHARED_SECRET' }
if ($secret -and $secret -notmatch '^[0-9a-f]{64}$') { Log 'WARNING: the secret is not 64 lower-case hex characters; used as given' }

# 1. the MSI (same upgrade code: a newer or equal version replaces the installed one)
if (-not $Msi) { $Msi = (Get-ChildItem $here -Filter 'InfiniService-*.msi' | Sort-Object Name | Select-Object -Last 1).FullName }
if (-not $Msi -or -not (Test-Path $Msi)) { throw "no InfiniService-*.msi next to $PSCommandPath (or pass -Msi)" }
Stop-AgentService
Log "installing $Msi"
$r = Invoke-Native 'msiexec.exe' @('/i', $Msi, '/qn', '/norestart', 'REINSTALLMODE=amus', '/l*v', "$data\msiexec.log")
if ($r.ExitCode -notin 0, 3010) { throw "msiexec failed with $($r.ExitCode); see $data\msiexec.log" }
$java = Join-Path $dir 'runtime\bin\java.exe'
$argFile = Join-Path $dir 'app\infiniservice.args'
if (-not (Test-Path (Join-Path $data 'config.toml'))) { Copy-Item (Join-Path $dir 'app\config.toml.default') (Join-Path $data 'config.toml') }

# 2. CDS: one static archive of the service's steady state, dumped by the bundled runtime from the
#    class list recorded at build time (docs/performance.md). Never fatal: without it the service
#    only starts slower (-Xshare:auto ignores a missing archive).
$jsa = Join-Path $dir 'app\app.jsa'
$classList = Join-Path $dir 'app\app.classlist'
Remove-Item -Force -ErrorAction SilentlyContinue $jsa, (Join-Path $dir 'runtime\bin\server\classes.jsa')
$dumpArgs = Join-Path $env:TEMP ('infiniservice-dump-{0}.args' -f [guid]::NewGuid())
Get-Content $argFile | Where-Object { $_ -notmatch 'SharedArchiveFile' -and $_ -notmatch '^-Xlog' } | Set-Content -Encoding ASCII $dumpArgs
if (Test-Path $classList) {
  $r = Invoke-Native $java @('-Xshare:dump', "-XX:SharedClassListFile=$classList", "-XX:SharedArchiveFile=$jsa", "@$dumpArgs")
  if ($r.ExitCode -eq 0 -and (Test-Path $jsa) -and (Get-Item $jsa).Length -gt 0) {
    Log ('CDS archive generated ({0:N0} KiB)' -f ((Get-Item $jsa).Length / 1KB))
  } else {
    Remove-Item -Force -ErrorAction SilentlyContinue $jsa
    $why = ($r.Output -split "`r?`n" | Where-Object { $_ -and $_ -notmatch 'warning' } | Select-Object -Last 1)
    Log "CDS archive not generated (the service starts without it, slower): $why"
  }
} else { Log 'CDS class list missing from the package: no archive (the service starts without it, slower)' }
Remove-Item -Force -ErrorAction SilentlyContinue $dumpArgs

# 3. the Event Log source, before the first start: without it Event Viewer shows "the description
#    for Event ID ... cannot be found" and Get-EventLog -Source InfiniService fails. The message file
#    is .NET Framework's EventLogMessages.dll (one "%1" message per id; present on every supported
#    Windows), written as EventLog.CreateEventSource does, the same under PowerShell 5.1 and 7.
$messageFile = '%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll'
if (-not (Test-Path ([Environment]::ExpandEnvironmentVariables($messageFile)))) { $messageFile = '%SystemRoot%\Microsoft.NET\Framework\v4.0.30319\EventLogMessages.dll' }
New-Item -Path $eventKey -Force | Out-Null
New-ItemProperty -Path $eventKey -Name EventMessageFile -PropertyType ExpandString -Value $messageFile -Force | Out-Null
New-ItemProperty -Path $eventKey -Name TypesSupported -PropertyType DWord -Value 7 -Force | Out-Null
Log "Event Log source $EventSource registered (Application)"

# 4. the service: java.exe @argfile run (the agent enters service mode when started by the SCM)
$binPath = (ConvertTo-NativeArgument $java) + ' ' + (ConvertTo-NativeArgument "@$argFile") + ' run'
if (-not (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
  New-Service -Name $ServiceName -BinaryPathName $binPath -DisplayName 'InfiniService (Infinibay guest agent)' `
    -Description 'Sends metrics to the Infinibay host and runs its signed commands.' -StartupType Automatic | Out-Null
  Log 'service registered'
} else {
  $r = Invoke-Native 'sc.exe' @('config', $ServiceName, 'binPath=', $binPath, 'start=', 'auto')
  if ($r.ExitCode -ne 0) { throw "sc.exe config failed ($($r.ExitCode)): $($r.Output)" }
  Log 'service updated'
}
# restart on failure: 5 s, 30 s, then every 2 min; the failure count resets after a day
$r = Invoke-Native 'sc.exe' @('failure', $ServiceName, 'reset=', '86400', 'actions=', 'restart/5000/restart/30000/restart/120000')
if ($r.ExitCode -ne 0) { throw "sc.exe failure failed ($($r.ExitCode)): $($r.Output)" }
$r = Invoke-Native 'sc.exe' @('failureflag', $ServiceName, '1')
if ($r.ExitCode -ne 0) { Log "WARNING: sc.exe failureflag failed ($($r.ExitCode))" }

# 5. VM id and secret in the service's private environment (REG_MULTI_SZ). The service key is
#    readable by every local user by default: it is made SYSTEM and Administrators only first.
Set-PrivateAcl $serviceKey -RegistryKey
$envValues = @("INFINIBAY_VM_ID=$VmId", "INFINISERVICE_STATE_DIR=$data")
if ($secret) {
  $envValues += "INFINISERVICE_SHARED_SECRET=$secret"
  Log "shared secret stored (from $secretFrom; SYSTEM and Administrators only)"
} else {
  $old = (Get-ItemProperty -Path $serviceKey -Name Environment -ErrorAction SilentlyContinue).Environment | Where-Object { $_ -like 'INFINISERVICE_SHARED_SECRET=?*' }
  if ($old) { $envValues += $old; Log 'no secret given: keeping the secret already stored' }
  else {
    Log 'NO SHARED SECRET: the agent will run METRICS-ONLY. It sends metrics, but refuses every host command until a secret is installed (re-run with -SharedSecretFile <file>, -SharedSecret or INFINISERVICE_SHARED_SECRET).'
  }
}
New-ItemProperty -Path $serviceKey -Name Environment -PropertyType MultiString -Value $envValues -Force | Out-Null
$secret = $null; $envValues = $null
Log "service environment written (vm_id=$VmId)"

Start-Service $ServiceName
(Get-Service $ServiceName).WaitForStatus('Running', [TimeSpan]::FromSeconds(60))
Log ('service state: ' + (Get-Service $ServiceName).Status)
Log 'done'
