package org.infinibay.infiniservice.adapters.windows.actions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.application.port.out.os.DomainJoinRequest;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.junit.jupiter.api.Test;

class WindowsActionScriptsTest {
    @Test
    void domainJoinPasswordIsOnlyOnStdin() {
        char[] pw = "S3cr3t'$(rm)é".toCharArray();
        DomainJoinRequest r = new DomainJoinRequest("corp.example.com", "admin", pw, "OU=Servers,DC=corp,DC=example,DC=com",
                "web01");
        String script = PowerShellDomainJoiner.script(r);
        List<String> argv = new PowerShell(null, null, "powershell.exe").argv(script);
        String decoded = new String(java.util.Base64.getDecoder().decode(argv.get(argv.size() - 1)),
                StandardCharsets.UTF_16LE);
        for (String a : argv) {
            assertFalse(a.contains("S3cr3t"), "no password in argv");
        }
        assertFalse(decoded.contains("S3cr3t"), "no password in the script");
        assertTrue(decoded.contains("'corp.example.com\\admin'"));
        assertTrue(decoded.contains("OUPath='OU=Servers,DC=corp,DC=example,DC=com'"));
        assertTrue(decoded.contains("NewName='web01'"));
        assertTrue(decoded.contains("SecureString") && decoded.contains("OpenStandardInput"));
        assertArrayEquals("S3cr3t'$(rm)é".getBytes(StandardCharsets.UTF_8), PowerShellDomainJoiner.stdin(pw));
        assertFalse(r.toString().contains("S3cr3t"));
    }

    @Test
    void firewallProfilesFromNamesOrRawIntegers() throws Exception {
        // Get-NetFirewallProfile's values as published in ansible/ansible#64743 (DefaultInboundAction
        // NotConfigured is the Windows default) — there as a list, here as our script's JSON shape.
        FirewallStatus s = WindowsFirewallInspector.parse(PowerShell.parse("[{\"Name\":\"Domain\",\"Enabled\":\"True\","
                + "\"DefaultInboundAction\":\"NotConfigured\",\"DefaultOutboundAction\":\"NotConfigured\"},"
                + "{\"Name\":\"Private\",\"Enabled\":1,\"DefaultInboundAction\":4,\"DefaultOutboundAction\":2},"
                + "{\"Name\":\"Public\",\"Enabled\":\"False\",\"DefaultInboundAction\":\"Block\","
                + "\"DefaultOutboundAction\":\"Allow\"}]", new JacksonJsonCodec()), 312);
        assertEquals("windows", s.type());
        assertTrue(s.enabled());
        assertEquals("partially active", s.status());
        assertEquals(List.of("Domain", "Private"), s.profiles());
        assertEquals("block", s.defaultIncoming());
        assertEquals("allow", s.defaultOutgoing());
        assertEquals(312, s.rulesCount());
        FirewallStatus off = WindowsFirewallInspector.parse(PowerShell.parse("{\"Name\":\"Public\",\"Enabled\":0}",
                new JacksonJsonCodec()), 0);
        assertFalse(off.enabled());
        assertEquals("inactive", off.status());
        assertTrue(WindowsFirewallInspector.SCRIPT.contains("$x.Enabled.ToString()"), "GpoBoolean as a name (P20)");
    }

    @Test
    void sysprepCommandAndUnattend() {
        assertEquals(List.of(Path.of("C:/W/sysprep.exe").toString(), "/generalize", "/oobe", "/shutdown", "/quiet",
                "/unattend:u.xml"), SysprepLauncher.argv(Path.of("C:/W/sysprep.exe"), Path.of("u.xml")));
        String xml = SysprepLauncher.unattendXml("amd64");
        assertTrue(xml.contains("pass=\"oobeSystem\"") && xml.contains("processorArchitecture=\"amd64\""));
    }

    @Test
    void goldenImageLevels() {
        WindowsGoldenImagePreparer p = new WindowsGoldenImagePreparer(null, "C:\\state", null);
        List<String> minimal = p.plan("minimal", false).stream().map(WindowsGoldenImagePreparer.Plan::step).toList();
        List<String> deep = p.plan("deep", true).stream().map(WindowsGoldenImagePreparer.Plan::step).toList();
        assertEquals(List.of("windows_update_cache", "temp_folders", "event_logs", "agent_state"), minimal);
        assertTrue(deep.containsAll(List.of("shadow_copies", "network", "rdp_certificate", "compact_os", "user_profiles")));
    }
}
