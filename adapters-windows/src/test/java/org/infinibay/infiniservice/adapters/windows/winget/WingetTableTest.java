package org.infinibay.infiniservice.adapters.windows.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.infinibay.infiniservice.adapters.windows.Recorded;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.junit.jupiter.api.Test;

class WingetTableTest {

    @Test
    void upgradeTableWithPromptAndTrailer() {
        List<PendingUpdate> u = WingetRows.upgrades(Recorded.text("winget-upgrade-1869.txt"));
        assertEquals(6, u.size(), "the trailer sentence and the prompt are not rows");
        assertEquals(new PendingUpdate("Microsoft Edge WebView2 Runtime", "97.0.1072.62", "97.0.1072.69", "winget",
                null, false, null), u.get(2));
        assertEquals("16.0.14729.20228", u.get(3).availableVersion());
    }

    @Test
    void unknownInstalledVersionAndAMisalignedLastColumn() {
        List<PendingUpdate> u = WingetRows.upgrades(Recorded.text("winget-upgrade-unknown-36722.txt"));
        assertEquals(2, u.size());
        assertNull(u.get(0).currentVersion(), "'Unknown' is no version");
        assertEquals("2.0.43.71a", u.get(1).availableVersion());
        assertEquals("winget", u.get(1).repository());
    }

    @Test
    void truncatedNamesKeepTheirColumns() {
        List<PendingUpdate> u = WingetRows.upgrades(Recorded.text("winget-upgrade-truncated-5165.txt"));
        assertEquals(5, u.size());
        assertEquals("Microsoft Visual Studio 2010 Tools for Office R\u2026", u.get(0).packageName());
        assertTrue(WingetTable.truncated(u.get(0).packageName()));
        assertEquals("10.0.60910", u.get(0).currentVersion());
        assertEquals("10.1.26100.2454", u.get(4).availableVersion());
    }

    @Test
    void wideTable() {
        List<PendingUpdate> u = WingetRows.upgrades(Recorded.text("winget-upgrade-wide-unigetui1672.txt"));
        assertEquals(6, u.size());
        assertEquals("Voicemeeter, The Virtual Mixing Console", u.get(2).packageName());
        assertNull(u.get(2).currentVersion());
        assertEquals("7.2.2", u.get(5).availableVersion());
    }

    @Test
    void listWithMostlyEmptyAvailableColumn() {
        List<PackageInfo> p = WingetRows.installed(Recorded.text("winget-list-1481.txt"));
        assertEquals(8, p.size());
        assertEquals("Git.Git", p.get(4).id());
        assertEquals("2.31.0.0.1", p.get(4).version());
        assertEquals("winget", p.get(4).source());
        assertNull(p.get(0).source());
        assertEquals("8b5526fe-0870-42b7-bde0-da8c4c7ea1aa_kw\u2026", p.get(1).id());
        assertNull(p.get(2).version());
        assertEquals("Microsoft Edge Update", p.get(7).id(), "ids may contain spaces");
        assertTrue(p.stream().allMatch(PackageInfo::installed));
    }

    @Test
    void listWithThreeColumns() {
        List<PackageInfo> p = WingetRows.installed(Recorded.text("winget-list-3col-999.txt"));
        assertEquals(7, p.size());
        assertEquals("CanonicalGroupLimited.Ubuntu20.04onWindows_79rhkp1fndgsc", p.get(5).id());
        assertEquals("2004.2021.222.0", p.get(5).version());
        assertEquals("Cisco AnyConnect Secure Mobility Client", p.get(6).name());
    }

    @Test
    void progressOutputBeforeTheTableIsIgnored() {
        // Constructed (see README): winget redraws its spinner with carriage returns before the table.
        String out = "\r-\r\\\r|\r/\r  \u2588\u2588\u2588\u2588\u2592\u2592 1024 KB / 2.00 MB\r"
                + Recorded.text("winget-upgrade-unknown-36722.txt");
        assertEquals(2, WingetRows.upgrades(out).size());
    }

    @Test
    void eastAsianWideCharactersTakeTwoCells() {
        // Constructed: winget pads by display width, so a two-cell character shifts later columns.
        String out = "Name       Id        Version\n"
                + "------------------------------\n"
                + "\u8bb0\u4e8b\u672c     Foo.Bar   1.0\n";
        List<PackageInfo> p = WingetRows.installed(out);
        assertEquals("\u8bb0\u4e8b\u672c", p.get(0).name());
        assertEquals("Foo.Bar", p.get(0).id());
        assertEquals("1.0", p.get(0).version());
    }

    @Test
    void noTableMeansNoRows() {
        assertEquals(List.of(), WingetRows.upgrades("No installed package found matching input criteria.\r\n"));
        assertEquals(List.of(), WingetRows.installed(""));
    }

    @Test
    void locatorPicksTheNewestAppInstallerForTheArchitecture() {
        List<String> dirs = List.of("Microsoft.DesktopAppInstaller_1.21.3482.0_x64__8wekyb3d8bbwe",
                "Microsoft.DesktopAppInstaller_1.9.25200.0_x64__8wekyb3d8bbwe",
                "Microsoft.DesktopAppInstaller_1.22.10582.0_arm64__8wekyb3d8bbwe",
                "Microsoft.DesktopAppInstaller_1.21.3482.0_neutral_~_8wekyb3d8bbwe");
        assertEquals("Microsoft.DesktopAppInstaller_1.21.3482.0_x64__8wekyb3d8bbwe",
                WingetLocator.best(dirs, "x64").orElseThrow());
        assertEquals("Microsoft.DesktopAppInstaller_1.22.10582.0_arm64__8wekyb3d8bbwe",
                WingetLocator.best(dirs, "arm64").orElseThrow());
        assertTrue(WingetLocator.best(dirs, "x86").isEmpty());
    }
}
