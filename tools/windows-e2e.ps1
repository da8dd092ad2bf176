<#
.SYNOPSIS
  The native Windows suite, one command, from an elevated prompt at the repository root:
    powershell -NoProfile -ExecutionPolicy Bypass -File tools\windows-e2e.ps1     # Windows PowerShell 5.1
    pwsh -NoProfile -File tools\windows-e2e.ps1                                    # PowerShell 7
  Needs JDK 17 and Maven on PATH; for the MSI part also the WiX Toolset 3 (candle.exe, light.exe).
.DESCRIPTION
  1. the adapter's native tests (JNA bindings: overlapped port, SCM, Job objects, cmd.exe lines);
  2. WindowsAgentScenarioIT: the real agent on a named pipe served through overlapped CreateNamedPipe
     (attach, metrics with windows_services, SystemInfo, ServiceList/ServiceControl on a throwaway
     service, ProcessList/ProcessKill, an unsafe PowerShell command killed with its tree at the
     deadline, ExecutePowerShellScript, a forged envelope, detach and re-attach);
  3. the MSI: built, installed silently with a VM id and a secret file by install-windows.ps1 under
     the PowerShell running this script, the service RUNNING and attached to a named-pipe host,
     the Event Log source registered and used, diagnose clean, uninstalled leaving nothing.
  -SkipMsi runs 1-2, -MsiOnly runs 3. Exit code 0 only when everything passed. See docs/windows.md.
#>
param([switch] $SkipMsi, [switch] $MsiOnly)
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent (Split-Path -Parent $PSCommandPath)
Set-Location $root
$ps = "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition))"
function Step([string] $m) { Write-Host "== windows-e2e [$ps]: $m" }
function Check([bool] $ok, [string] $what) {
  if (-not $ok) { throw "FAILED: $what" }
  Write-Host "  ok: $what"
}

# Runs a native program with its output shown; its exit code decides, never its stderr (5.1 + Stop).
function Invoke-Tool([string] $Tool, [string[]] $ToolArgs) {
  $ErrorActionPreference = 'Continue'
  $lines = & $Tool @ToolArgs 2>&1 | ForEach-Object { "$_" }
  $code = $LASTEXITCODE
  $lines | ForEach-Object { Write-Host "  $_" }
  return @{ ExitCode = $code; Output = ($lines -join "`n") }
}

function Invoke-Checked([string] $Tool, [string[]] $ToolArgs) {
  $r = Invoke-Tool $Tool $ToolArgs
  if ($r.ExitCode -ne 0) { throw "$Tool $($ToolArgs -join ' ') failed with exit code $($r.ExitCode)" }
  return $r
}

$id = [Security.Principal.WindowsIdentity]::GetCurrent()
if (-not ([Security.Principal.WindowsPrincipal] $id).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw 'run tools\windows-e2e.ps1 from an elevated prompt (services, Event Log and the MSI need Administrator)'
}
Step "Java: $((Invoke-Tool 'java' @('-version')).Output -split "`n" | Select-Object -First 1)"

if (-not $MsiOnly) {
  Step '1/3 native adapter tests (tag "windows")'
  Invoke-Checked 'mvn' @('-B', '-ntp', '-pl', 'adapters-windows', '-am', 'test', '-Dwindows.excludedGroups=') | Out-Null
  Step '2/3 WindowsAgentScenarioIT: the agent on an overlapped named pipe'
  Invoke-Checked 'mvn' @('-B', '-ntp', '-pl', 'bootstrap', '-am', 'verify', '-Dtest=NONE', '-Dsurefire.failIfNoSpecifiedTests=false',
    '-Dit.test=WindowsAgentScenarioIT', '-Dfailsafe.failIfNoSpecifiedTests=false') | Out-Null
  $report = Get-ChildItem 'bootstrap\target\failsafe-reports' -Filter 'TEST-*WindowsAgentScenarioIT.xml' -ErrorAction SilentlyContinue
  Check ($null -ne $report -and (Get-Content $report.FullName -Raw) -match 'tests="1"[^>]*skipped="0"[^>]*failures="0"') 'the named-pipe scenario ran (not skipped) and passed'
}
if ($SkipMsi) { Step 'done'; exit 0 }

Step '3/3 the MSI'
if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue)) {
  throw 'the WiX Toolset 3 is not on PATH (candle.exe, light.exe): e.g. choco install wixtoolset --version 3.14.1'
}
Invoke-Checked 'mvn' @('-B', '-ntp', '-pl', 'bootstrap,installers', '-am', '-Pmsi', 'package', '-DskipTests') | Out-Null
$installer = Join-Path $root 'installers\target\install-windows.ps1'
$msi = Get-ChildItem 'installers\target' -Filter 'InfiniService-*.msi' | Select-Object -First 1
Check ($null -ne $msi) "MSI built: $($msi.Name)"

$data = Join-Path $env:ProgramData 'InfiniService'
$dir = Join-Path $env:ProgramFiles 'InfiniService'
$serviceKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\InfiniService'
$eventKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Application\InfiniService'
$vmId = '11111111-2222-4333-8444-555555555555'
$secret = -join ((1..32) | ForEach-Object { '{0:x2}' -f (Get-Random -Maximum 256) })
$secretFile = Join-Path $env:TEMP 'infiniservice-e2e-secret.txt'
Set-Content -Encoding ASCII -Path $secretFile -Value $secret
$pipe = 'infiniservice-msi-e2e-' + [guid]::NewGuid()
$received = Join-Path $env:TEMP "$pipe.lines"

# A host on a named pipe for the installed service (config.toml names it as the device): it records
# what the service sends. Runs as a background job so this script can go on.
$hostJob = Start-Job -ArgumentList $pipe, $received -ScriptBlock {
  param($name, $out)
  $server = New-Object System.IO.Pipes.NamedPipeServerStream($name, [System.IO.Pipes.PipeDirection]::InOut, 1)
  $server.WaitForConnection()
  $reader = New-Object System.IO.StreamReader($server)
  $until = (Get-Date).AddMinutes(5)
  while ((Get-Date) -lt $until) {
    $line = $reader.ReadLine()
    if ($null -eq $line) { break }
    Add-Content -Path $out -Value $line
  }
}
try {
  New-Item -ItemType Directory -Force $data | Out-Null
  Set-Content -Encoding ASCII -Path (Join-Path $data 'config.toml') -Value @(
    'collection_interval = 5', ('virtio_serial_path = "\\\\.\\pipe\\' + $pipe + '"'))

  & $installer -ServiceMode normal -VmId $vmId -SharedSecretFile $secretFile
  Check ((Get-Service InfiniService).Status -eq 'Running') 'the service is RUNNING under the SCM'
  Check ((Invoke-Tool 'sc.exe' @('query', 'InfiniService')).Output -match 'RUNNING') 'sc.exe query says RUNNING'
  Check (Test-Path (Join-Path $dir 'app\app.jsa')) 'the static CDS archive was dumped at install time'
  $allowed = 'S-1-5-18', 'S-1-5-32-544'
  $sids = (Get-Acl $serviceKey).Access | ForEach-Object { $_.IdentityReference.Translate([Security.Principal.SecurityIdentifier]).Value } | Sort-Object -Unique
  Check (@($sids | Where-Object { $_ -notin $allowed }).Count -eq 0) "the service key (holding the secret) is SYSTEM and Administrators only: $($sids -join ', ')"
  Check (-not (Select-String -Path (Join-Path $data 'install.log') -SimpleMatch $secret -Quiet)) 'the secret is not in install.log'
  Check (Test-Path $eventKey) 'the Event Log source is registered'

  $until = (Get-Date).AddSeconds(90)
  while ((Get-Date) -lt $until -and -not ((Test-Path $received) -and (Select-String -Path $received -SimpleMatch '"type":"metrics"' -Quiet))) { Start-Sleep 1 }
  Check ((Test-Path $received) -and (Select-String -Path $received -SimpleMatch '"type":"handshake"' -Quiet)) 'the installed service attached to the host pipe (handshake)'
  Check (Select-String -Path $received -SimpleMatch "`"vm_id`":`"$vmId`"" -Quiet) 'the handshake carries the VM id'
  Check (Select-String -Path $received -SimpleMatch '"type":"metrics"' -Quiet) 'metrics arrived'
  Check (-not (Select-String -Path $received -SimpleMatch 'NoSecret' -Quiet)) 'the agent has the secret (no NoSecret event)'

  if ($PSVersionTable.PSVersion.Major -lt 6) {
    $events = @(Get-EventLog -LogName Application -Source InfiniService -Newest 50)   # the documented 5.1 command
    $texts = $events | ForEach-Object { $_.Message }
  } else {
    $events = @(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'InfiniService' } -MaxEvents 50)
    $texts = $events | ForEach-Object { $_.Message }
  }
  Check ($events.Count -gt 0) "Event Log entries under the source InfiniService: $($events.Count)"
  Check (@($texts | Where-Object { -not $_ -or $_ -match 'cannot be found' }).Count -eq 0) 'every entry has its text (the message file is registered)'
  Write-Host "  newest: $($texts | Select-Object -First 1)"

  $java = Join-Path $dir 'runtime\bin\java.exe'
  $d = Invoke-Tool $java @("@$dir\app\infiniservice.args", 'diagnose')
  Check ($d.ExitCode -eq 0 -and $d.Output -match 'result:\s+OK') 'infiniservice diagnose is clean'
  Check ($d.Output -notmatch [regex]::Escape($secret)) 'diagnose does not print the secret'

  & $installer -Uninstall
  Check (-not (Get-Service InfiniService -ErrorAction SilentlyContinue)) 'uninstall: no service'
  Check (-not (Test-Path $eventKey)) 'uninstall: no Event Log source'
  Check (-not (Test-Path $dir)) 'uninstall: nothing left in Program Files'
  Check (-not (Test-Path $data)) 'uninstall: nothing left in ProgramData'
  $left = Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' | Where-Object { (Get-ItemProperty $_.PSPath).DisplayName -eq 'InfiniService' }
  Check ($null -eq $left) 'uninstall: no installed-programs entry'
} finally {
  Stop-Job $hostJob -ErrorAction SilentlyContinue
  Remove-Job $hostJob -Force -ErrorAction SilentlyContinue
  Remove-Item -Force -ErrorAction SilentlyContinue $secretFile, $received
}
Step 'done: every Windows check passed'
