package org.infinibay.infiniservice.adapters.windows.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.registry.UninstallEntry;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.AppInfo;
import org.junit.jupiter.api.Test;

class WindowsInventoryTest {
    @Test
    void appxPackagesSkipFrameworksAndSystem() throws Exception {
        // Field values of Microsoft.Winget.Source as printed by Get-AppxPackage in patriksvensson/cupboard#1
        // (a formatted list, re-shaped here as the JSON our script prints; enums as .ToString() or raw ints).
        List<InstalledApplication> apps = WindowsApplicationInventory.parseAppx(PowerShell.parse("[{\"Name\":"
                + "\"Microsoft.Winget.Source\",\"Version\":\"2021.916.2041.763\",\"Publisher\":\"CN=Microsoft Corporation, "
                + "O=Microsoft Corporation, L=Redmond, S=Washington, C=US\",\"PackageFullName\":"
                + "\"Microsoft.Winget.Source_2021.916.2041.763_neutral__8wekyb3d8bbwe\",\"InstallLocation\":"
                + "\"C:\\\\Program Files\\\\WindowsApps\\\\Microsoft.Winget.Source_2021.916.2041.763_neutral__8wekyb3d8bbwe\","
                + "\"SignatureKind\":\"Store\",\"IsFramework\":false,\"IsResourcePackage\":false},"
                + "{\"Name\":\"Microsoft.VCLibs.140.00\",\"SignatureKind\":3,\"IsFramework\":true},"
                + "{\"Name\":\"Microsoft.Windows.ShellExperienceHost\",\"SignatureKind\":4,\"IsFramework\":false}]",
                new JacksonJsonCodec()));
        assertEquals(1, apps.size());
        InstalledApplication a = apps.get(0);
        assertEquals("Store", a.installType());
        assertEquals("Microsoft Corporation", a.publisher());
        assertEquals("Microsoft.Winget.Source_2021.916.2041.763_neutral__8wekyb3d8bbwe", a.registryKey());
    }

    @Test
    void registryEntriesOncePerNameAndVersion() {
        UninstallEntry a = UninstallEntry.from("HKLM\\x\\7-Zip", Map.of("DisplayName", "7-Zip 23.01 (x64)",
                "DisplayVersion", "23.01", "Publisher", "Igor Pavlov", "InstallLocation", "C:\\Program Files\\7-Zip\\",
                "EstimatedSize", 5500, "InstallDate", "20240102")).orElseThrow();
        UninstallEntry b = UninstallEntry.from("HKLM\\y\\7-Zip", Map.of("DisplayName", "7-Zip 23.01 (x64)",
                "DisplayVersion", "23.01")).orElseThrow();
        List<InstalledApplication> apps = WindowsApplicationInventory.fromRegistry(List.of(a, b));
        assertEquals(1, apps.size());
        assertEquals("2024-01-02", apps.get(0).installDate());
        assertEquals("Registry", apps.get(0).installType());

        WindowsAppCatalog catalog = new WindowsAppCatalog(() -> List.of(a), "C:\\Windows",
                List.of("C:\\Program Files", "C:\\Program Files (x86)"));
        assertTrue(catalog.refreshIfDue(1_000_000L));
        AppInfo seven = catalog.lookup("C:\\Program Files\\7-Zip\\7zFM.exe");
        assertEquals("7-Zip 23.01 (x64)", seven.name());
        assertEquals("Igor Pavlov", seven.publisher());
        assertNull(catalog.lookup("C:\\Windows\\System32\\svchost.exe"), "the OS is no application");
        assertEquals("tool", catalog.lookup("C:\\Program Files\\Other\\tool.exe").name());
        assertEquals("Code", catalog.lookup("C:\\Users\\bob\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe").name());
        assertNull(catalog.lookup("C:\\Users\\bob\\Downloads\\setup.exe"));
    }
}
