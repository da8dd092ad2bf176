<#
  Builds the InfiniService MSI on Windows (installers module, profile msi; CI: .github/workflows/msi.yml).
  Needs JDK 17 (jlink, jpackage) and the WiX Toolset 3 (candle.exe, light.exe) on PATH.
  Same layout as the Linux packages: a jlink'd runtime with only the JDK modules the agent needs
  (AWT native DLLs removed), the app modules on the module path, an argfile from bootstrap/jvm.options.
  The service itself is registered by install-windows.ps1 (jpackage 17 cannot install services).
  NOT RUN in this repository's Linux CI: there is no Windows machine here.
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

# 1. JDK modules: code references (jdeps) + non-static requires of every module descriptor
$deps = (& jdeps --multi-release 17 --ignore-missing-deps --print-module-deps --module-path $Modules --add-modules ALL-MODULE-PATH) -split ','
$declared = Get-ChildItem $Modules -Filter *.jar | ForEach-Object {
  & jar --describe-module --file $_.FullName 2>$null | Where-Object { $_ -match '^requires ((java|jdk)\.\S+)' -and $_ -notmatch ' static' } |
    ForEach-Object { ($_ -split '\s+')[1] }
}
$jdkModules = (@('java.base', 'java.logging') + $deps + $declared | Where-Object { $_ } | Sort-Object -Unique) -join ','
Write-Host "jlink modules: $jdkModules"
& jlink --add-modules $jdkModules --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work\runtime"
if ($LASTEXITCODE -ne 0) { throw 'jlink failed' }
# OSHI declares java.desktop; the agent never uses AWT: drop its native DLLs
'awt.dll','fontmanager.dll','javajpeg.dll','lcms.dll','mlib_image.dll','splashscreen.dll','jsound.dll','jawt.dll' |
  ForEach-Object { Remove-Item -Force -ErrorAction SilentlyContinue "$work\runtime\bin\$_" }

# 2. the argfile. Forward slashes: inside quotes an argfile treats '\' as an escape character.
$installDir = 'C:/Program Files/InfiniService'
$opts = Get-Content $JvmOptions | ForEach-Object { ($_ -replace '#.*', '').Trim() } | Where-Object { $_ }
$argfile = @('# Generated from bootstrap/jvm.options at build time.') + $opts + @(
  '-Xlog:disable', '-Xlog:all=warning:stderr',
  "`"-XX:SharedArchiveFile=$installDir/app/app.jsa`"",
  '--module-path', "`"$installDir/app/mods`"",
  # bootstrap requires the Windows adapter only statically (Linux never loads it): add it here
  '--add-modules', 'org.infinibay.infiniservice.adapters.windows',
  '--module', "$mainModule/$mainClass")
$input = "$work\input"
New-Item -ItemType Directory -Force $input | Out-Null
Set-Content -Encoding ASCII -Path "$input\infiniservice.args" -Value $argfile
Copy-Item "$src\config.toml" "$input\config.toml.default"
Copy-Item "$src\install-windows.ps1" "$input\install-windows.ps1"

# 3. jpackage MSI: per-machine, fixed upgrade code (upgrades replace), our WiX overrides
& jpackage --type msi --name InfiniService --app-version $Version --vendor Infinibay `
  --description 'Infinibay guest agent' `
  --runtime-image "$work\runtime" --module-path $Modules --module "$mainModule/$mainClass" `
  --java-options '--add-modules=org.infinibay.infiniservice.adapters.windows' `
  --input $input --install-dir InfiniService --win-per-user-install:$false `
  --win-upgrade-uuid 8d5c5c3e-6f0b-4b8e-9d0c-3c7f3f1a9b21 --win-console `
  --resource-dir "$src\resources" --dest $Target
if ($LASTEXITCODE -ne 0) { throw 'jpackage failed' }
Copy-Item "$src\install-windows.ps1" $Target
Get-ChildItem $Target -Filter *.msi | ForEach-Object { Write-Host ("MSI: {0} ({1:N1} MB)" -f $_.FullName, ($_.Length / 1MB)) }
