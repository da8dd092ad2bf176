<#
  Builds the InfiniService MSI on Windows (installers module, profile msi; CI: .github/workflows/msi.yml
  and windows.yml through tools/windows-e2e.ps1). Needs JDK 17 (jlink, jpackage) and the WiX Toolset 3
  (candle.exe, light.exe) on PATH. Runs under Windows PowerShell 5.1 and PowerShell 7.
  Like the Linux packages before their linked runtime (tools/link-runtime.sh, docs/performance.md round
  5): a jlink'd runtime with only the JDK modules the agent needs (AWT native DLLs removed), the app
  modules on the module path (linking them too, JNA's resources included, is left until this script
  can run on Windows), an argfile from bootstrap/jvm.options,
  and the CDS class list of the service's steady state (app.classlist) recorded here with this very
  runtime: install-windows.ps1 dumps the static archive from it (tools/record-cds.sh is the Linux twin).
  The service itself is registered by install-windows.ps1 (jpackage 17 cannot install services).
#>
param(
  [Parameter(Mandatory)] [string] $Version,
  [Parameter(Mandatory)] [string] $Modules,
  [Parameter(Mandatory)] [string] $JvmOptions,
  [Parameter(Mandatory)] [string] $Target
)
$ErrorActionPreference = 'Stop'
$src = Split-Path -Parent $PSCommandPath
$work = Join-Path $Target 'msi-work'
if (Test-Path $work) { Remove-Item -Recurse -Force $work }
New-Item -ItemType Directory -Force $work | Out-Null
$mainModule = 'org.infinibay.infiniservice.bootstrap'
$mainClass = 'org.infinibay.infiniservice.bootstrap.Main'
$windowsModule = 'org.infinibay.infiniservice.adapters.windows'

# Runs a JDK tool and returns its output lines. Under Windows PowerShell 5.1, a native program's
# stderr line becomes a terminating error when $ErrorActionPreference is 'Stop' (also with 2>$null):
# here the preference is 'Continue' for this function only and the exit code decides.
function Invoke-Tool([string] $Tool, [string[]] $ToolArgs) {
  $ErrorActionPreference = 'Continue'
  $lines = & $Tool @ToolArgs 2>&1 | ForEach-Object { "$_" }
  if ($LASTEXITCODE -ne 0) { throw "$Tool failed with exit code ${LASTEXITCODE}: $($lines | Select-Object -Last 5)" }
  return $lines
}

# 1. JDK modules: code references (jdeps) + non-static requires of every module descriptor
$deps = (Invoke-Tool 'jdeps' @('--multi-release', '17', '--ignore-missing-deps', '--print-module-deps', '--module-path', $Modules, '--add-modules', 'ALL-MODULE-PATH') |
  Where-Object { $_ -match '^[a-z][a-z0-9.,]*$' } | Select-Object -Last 1) -split ','
$declared = Get-ChildItem $Modules -Filter *.jar | ForEach-Object {
  Invoke-Tool 'jar' @('--describe-module', '--file', $_.FullName) |
    Where-Object { $_ -match '^requires ((java|jdk)\.\S+)' -and $_ -notmatch ' static' } |
    ForEach-Object { ($_ -split '\s+')[1] }
}
$jdkModules = (@('java.base', 'java.logging') + $deps + $declared | Where-Object { $_ } | Sort-Object -Unique) -join ','
Write-Host "jlink modules: $jdkModules"
Invoke-Tool 'jlink' @('--add-modules', $jdkModules, '--strip-debug', '--no-header-files', '--no-man-pages', '--compress=2', '--output', "$work\runtime") | Out-Null
# OSHI declares java.desktop; the agent never uses AWT: drop its native DLLs
'awt.dll','fontmanager.dll','javajpeg.dll','lcms.dll','mlib_image.dll','splashscreen.dll','jsound.dll','jawt.dll' |
  ForEach-Object { Remove-Item -Force -ErrorAction SilentlyContinue "$work\runtime\bin\$_" }

# 2. the argfile. Forward slashes: inside quotes an argfile treats '\' as an escape character.
$installDir = 'C:/Program Files/InfiniService'
$opts = @(Get-Content $JvmOptions | ForEach-Object { ($_ -replace '#.*', '').Trim() } | Where-Object { $_ })
$argfile = @('# Generated from bootstrap/jvm.options at build time.') + $opts + @(
  '-Xlog:disable', '-Xlog:all=warning:stderr',
  # dumped by install-windows.ps1 from app.classlist; a missing archive is ignored (-Xshare:auto)
  "`"-XX:SharedArchiveFile=$installDir/app/app.jsa`"",
  '--module-path', "`"$installDir/app/mods`"",
  # bootstrap requires the Windows adapter only statically (Linux never loads it): add it here
  '--add-modules', $windowsModule,
  '--module', "$mainModule/$mainClass")
$inputDir = "$work\input"
New-Item -ItemType Directory -Force $inputDir | Out-Null
Set-Content -Encoding ASCII -Path "$inputDir\infiniservice.args" -Value $argfile
Copy-Item "$src\config.toml" "$inputDir\config.toml.default"
Copy-Item "$src\install-windows.ps1" "$inputDir\install-windows.ps1"

# 3. the CDS class list: the service's steady state, recorded as on Linux (tools/record-cds.sh):
#    `run` as the service starts it, with the shipped config.toml, attached to a host end (a named
#    pipe served here) through the first metrics line, one signed keep_alive_request (the host sends
#    one every 120 s, so its verifier and reply path are steady state too), the next metrics line and
#    the first self-check (30 s at most). The JVM writes the list line by line (flushed per class),
#    so stopping it with Stop-Process loses nothing.
$classList = "$inputDir\app.classlist"
$pipeName = 'infiniservice-cds-' + [guid]::NewGuid()
$allClasses = "$work\cds-all.classlist"
$server = New-Object System.IO.Pipes.NamedPipeServerStream($pipeName, [System.IO.Pipes.PipeDirection]::InOut, 1,
  [System.IO.Pipes.PipeTransmissionMode]::Byte, [System.IO.Pipes.PipeOptions]::Asynchronous)
$saved = @{}
$recordEnv = @{
  INFINISERVICE_DEVICE = "\\.\pipe\$pipeName"
  INFINISERVICE_STATE_DIR = "$work\cds-state"
  INFINISERVICE_CONFIG = "$src\config.toml"
  INFINISERVICE_COLLECTION_INTERVAL = '1'
  INFINISERVICE_SHARED_SECRET = ('0' * 64)
}
foreach ($k in $recordEnv.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $recordEnv[$k]) }
try {
  $javaArgs = @($opts | ForEach-Object { "`"$_`"" }) + @('-Xshare:off', "`"-XX:DumpLoadedClassList=$allClasses`"",
    '-p', "`"$Modules`"", '--add-modules', $windowsModule, '-m', "$mainModule/$mainClass", 'run')
  $agent = Start-Process -FilePath "$work\runtime\bin\java.exe" -ArgumentList $javaArgs -PassThru -NoNewWindow `
    -RedirectStandardOutput "$work\cds-run.out" -RedirectStandardError "$work\cds-run.err"
  $connect = $server.BeginWaitForConnection($null, $null)
  if (-not $connect.AsyncWaitHandle.WaitOne(60000)) { throw 'record CDS: the agent did not open the pipe within 60 s' }
  $server.EndWaitForConnection($connect)
  $buffer = New-Object byte[] 65536
  $read = $null
  $received = New-Object System.Text.StringBuilder
  $started = Get-Date
  $keepAliveSent = $false
  $metricsBefore = 0
  $stopAt = $null
  while ((Get-Date) -lt $started.AddSeconds(30) -and -not $agent.HasExited) {
    if (-not $read) { $read = $server.ReadAsync($buffer, 0, $buffer.Length) }
    if ($read.Wait(250)) {
      if ($read.Result -eq 0) { break }
      [void]$received.Append([System.Text.Encoding]::UTF8.GetString($buffer, 0, $read.Result))
      $read = $null
    }
    $lines = $received.ToString()
    $metrics = [regex]::Matches($lines, '(?m)^\{"type":"metrics"').Count
    if (-not $keepAliveSent -and $metrics -ge 1) {
      # CONTRACT 4.2: HMAC-SHA256 over v, ts, nonce and payload, keyed with the secret's ASCII bytes
      $ts = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
      $nonce = [guid]::NewGuid().ToString()
      $payload = '{"type":"keep_alive_request","sequence_number":1}'
      $hmac = [System.Security.Cryptography.HMACSHA256]::new([System.Text.Encoding]::ASCII.GetBytes($recordEnv.INFINISERVICE_SHARED_SECRET))
      $sig = -join ($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes("1`n$ts`n$nonce`n$payload")) | ForEach-Object { $_.ToString('x2') })
      $hmac.Dispose()
      $line = '{"type":"signed","v":1,"ts":' + $ts + ',"nonce":"' + $nonce + '","payload":"' + $payload.Replace('"', '\"') + '","sig":"' + $sig + '"}' + "`n"
      $bytes = [System.Text.Encoding]::UTF8.GetBytes($line)
      $server.WriteAsync($bytes, 0, $bytes.Length).Wait()
      $server.Flush()
      $keepAliveSent = $true
      $metricsBefore = $metrics
    }
    # after the reply and the next metrics line, 1.5 s more (the replay cache's flush), and the first
    # self-check (5 s after start), which writes self-status.json: a file, not a fixed time, so a
    # loaded build machine still records it
    if (-not $stopAt -and $keepAliveSent -and $metrics -gt $metricsBefore -and $lines -match '(?m)^\{"type":"keep_alive"') {
      $stopAt = (Get-Date).AddSeconds(1.5)
    }
    if ($stopAt -and (Get-Date) -ge $stopAt -and (Test-Path "$work\cds-state\self-status.json")) {
      Start-Sleep -Milliseconds 500
      break
    }
  }
  if (-not $stopAt) { Write-Warning 'record CDS: no answered keep-alive in the class list; the archive misses the verifier''s classes' }
} finally {
  if ($agent -and -not $agent.HasExited) { Stop-Process -Id $agent.Id -Force; $agent.WaitForExit() }
  $server.Dispose()
  foreach ($k in $recordEnv.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
}
if (-not (Test-Path $allClasses) -or -not (Select-String -Path $allClasses -SimpleMatch 'org/infinibay/infiniservice/application/service/metrics/' -Quiet)) {
  throw "record CDS: the agent did not run: $(Get-Content "$work\cds-run.err" -Tail 3)"
}
Copy-Item $allClasses $classList
Write-Host ("CDS class list: {0} classes" -f @(Get-Content $classList | Where-Object { $_ -and $_ -notmatch '^[#@]' }).Count)

# 4. jpackage MSI: per-machine, fixed upgrade code (upgrades replace), our WiX overrides
Invoke-Tool 'jpackage' @('--type', 'msi', '--name', 'InfiniService', '--app-version', $Version, '--vendor', 'Infinibay',
  '--description', 'Infinibay guest agent',
  '--runtime-image', "$work\runtime", '--module-path', $Modules, '--module', "$mainModule/$mainClass",
  '--java-options', "--add-modules=$windowsModule",
  '--input', $inputDir, '--install-dir', 'InfiniService', '--win-upgrade-uuid', '8d5c5c3e-6f0b-4b8e-9d0c-3c7f3f1a9b21',
  '--win-console', '--resource-dir', "$src\resources", '--dest', $Target) | ForEach-Object { Write-Host $_ }
Copy-Item "$src\install-windows.ps1" $Target
Get-ChildItem $Target -Filter *.msi | ForEach-Object { Write-Host ("MSI: {0} ({1:N1} MB)" -f $_.FullName, ($_.Length / 1MB)) }
