package org.infinibay.infiniservice.adapters.windows.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowsDeviceProbeTest {
    @Test
    void aHeldPortCountsAsPresentAndAMissingOneAsAbsent() {
        assertEquals(WindowsDeviceProbe.Presence.PRESENT, WindowsDeviceProbe.presence(0));
        assertEquals(WindowsDeviceProbe.Presence.IN_USE, WindowsDeviceProbe.presence(Win32Errors.ERROR_ACCESS_DENIED));
        assertEquals(WindowsDeviceProbe.Presence.IN_USE, WindowsDeviceProbe.presence(Win32Errors.ERROR_SHARING_VIOLATION));
        assertEquals(WindowsDeviceProbe.Presence.IN_USE, WindowsDeviceProbe.presence(231)); // a test pipe, all instances taken
        assertEquals(WindowsDeviceProbe.Presence.ABSENT, WindowsDeviceProbe.presence(Win32Errors.ERROR_FILE_NOT_FOUND));
        assertEquals(WindowsDeviceProbe.Presence.ABSENT, WindowsDeviceProbe.presence(Win32Errors.ERROR_DEVICE_NOT_CONNECTED));
        assertEquals(WindowsDeviceProbe.Presence.ERROR, WindowsDeviceProbe.presence(Win32Errors.ERROR_GEN_FAILURE));
    }
}
