package org.infinibay.infiniservice.adapters.windows.powershell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's PowerShell scripts (installers/src/windows, tools) are free of the traps that break
 * them under Windows PowerShell 5.1 or PowerShell 7 ({@link PowerShellTraps}); the check itself is
 * shown to catch each trap, including the two that were in the installers.
 */
class PowerShellScriptsTest {

    private static List<Path> scripts() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(root.resolve("installers/src/windows"), root.resolve("tools"))) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".ps1")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyScriptIsFreeOfTheKnownTraps() throws IOException {
        List<Path> files = scripts();
        assertTrue(files.stream().anyMatch(p -> p.endsWith("install-windows.ps1")), "found: " + files);
        assertTrue(files.stream().anyMatch(p -> p.endsWith("build-msi.ps1")), "found: " + files);
        Map<String, List<String>> findings = new LinkedHashMap<>();
        for (Path p : files) {
            // tools/windows-e2e.ps1 branches on the version: Get-EventLog (the documented 5.1 command) only under 5.1
            boolean installer = p.toString().replace('\\', '/').contains("installers/src/windows");
            List<String> f = PowerShellTraps.find(Files.readString(p, StandardCharsets.ISO_8859_1), installer);
            if (!f.isEmpty()) {
                findings.put(p.getFileName().toString(), f);
            }
        }
        assertEquals(Map.of(), findings);
    }

    @Test
    void theCheckCatchesEachTrap() {
        // the two defects found in review: build-msi.ps1 assigned $input, install-windows.ps1 ran
        // `& $java ... 2>&1` under Stop
        assertFalse(PowerShellTraps.find("$input = \"$work\\input\"\n").isEmpty());
        assertFalse(PowerShellTraps.find("$ErrorActionPreference = 'Stop'\n& $java -Xshare:dump 2>&1 | Out-Null\n").isEmpty());
        assertFalse(PowerShellTraps.find("$ErrorActionPreference = 'Stop'\n& jar --describe-module 2>$null\n").isEmpty());
        assertFalse(PowerShellTraps.find("param([string] $args)\n").isEmpty());
        assertFalse(PowerShellTraps.find("foreach ($error in $list) { }\n").isEmpty());
        assertFalse(PowerShellTraps.find("if ($x -match 'a') { $Matches = $null }\n").isEmpty());
        assertFalse(PowerShellTraps.find("Write-Host \u201chi\u201d\n").isEmpty(), "typographic quotes");
        assertFalse(PowerShellTraps.find("git pull && mvn verify\n").isEmpty());
        assertFalse(PowerShellTraps.find("$a = $b ?? 'x'\n").isEmpty());
        assertFalse(PowerShellTraps.find("New-EventLog -LogName Application -Source X\n").isEmpty());
    }

    @Test
    void textInStringsAndCommentsAndTheGuardedHelperAreNotTraps() {
        assertEquals(List.of(), PowerShellTraps.find("# $input = 1 && 2>&1\n<# $args = 3 #>\nWrite-Host 'a && b ?? c'\n"
                + "Write-Host \"2>&1 `\" $error = 1\"\n"));
        assertEquals(List.of(), PowerShellTraps.find("$ErrorActionPreference = 'Stop'\n"
                + "function Invoke-Tool([string] $Tool) {\n  $ErrorActionPreference = 'Continue'\n"
                + "  $lines = & $Tool 2>&1 | ForEach-Object { \"$_\" }\n  if ($LASTEXITCODE -ne 0) { throw 'x' }\n}\n"));
        assertEquals(List.of(), PowerShellTraps.find("$x = $a -eq $input\n$matchesFound = 1\n$inputDir = 'x'\n"));
    }
}
