package org.infinibay.infiniservice.adapters.windows.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.application.port.out.os.LocalAccount;
import org.junit.jupiter.api.Test;

class WindowsActionsTest {
    @Test
    void rebootArgv() {
        assertEquals(List.of("s.exe", "/r", "/t", "0"), WindowsPowerControl.rebootArgv("s.exe", false));
        assertEquals(List.of("s.exe", "/r", "/t", "0", "/f"), WindowsPowerControl.rebootArgv("s.exe", true));
    }

    @Test
    void localUsersFromJsonShape() throws Exception {
        // Shape of our Get-LocalUser script (no public JSON sample, see README): a single object is not wrapped.
        List<LocalAccount> one = WindowsLocalAccounts.parse(PowerShell.parse(
                "{\"Name\":\"Administrator\",\"FullName\":\"\",\"Description\":\"Built-in account\",\"Enabled\":false,"
                        + "\"Sid\":\"S-1-5-21-1-2-3-500\"}", new JacksonJsonCodec()));
        assertEquals(1, one.size());
        assertEquals(Boolean.TRUE, one.get(0).disabled());
        assertEquals("S-1-5-21-1-2-3-500", one.get(0).sid());
        assertEquals(null, one.get(0).fullName());
        assertTrue(WindowsLocalAccounts.parse(PowerShell.parse("", new JacksonJsonCodec())).isEmpty());
    }

    @Test
    void kernelPidsAreProtected() {
        WindowsProcessControl c = new WindowsProcessControl(null, "C:\\Windows");
        assertTrue(c.identify(4).orElseThrow().kernelThread());
        assertTrue(c.identify(0).orElseThrow().kernelThread());
    }
}
