package org.infinibay.infiniservice.adapters.windows.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Win32ErrorsTest {
    @Test
    void contractCodesMeanDetached() {
        assertEquals(Win32Errors.Meaning.DETACHED, Win32Errors.classify(109));
        assertEquals(Win32Errors.Meaning.DETACHED, Win32Errors.classify(232));
        assertEquals(Win32Errors.Meaning.DETACHED, Win32Errors.classify(233));
    }

    @Test
    void deviceGoneMeansReopen() {
        assertEquals(Win32Errors.Meaning.DEVICE_LOST, Win32Errors.classify(6));
        assertEquals(Win32Errors.Meaning.DEVICE_LOST, Win32Errors.classify(2));
        assertEquals(Win32Errors.Meaning.DEVICE_LOST, Win32Errors.classify(1167));
        assertEquals(Win32Errors.Meaning.CANCELLED, Win32Errors.classify(995));
        assertEquals(Win32Errors.Meaning.UNEXPECTED, Win32Errors.classify(87));
    }

    @Test
    void absenceOnOpen() {
        assertTrue(Win32Errors.meansAbsent(2));
        assertFalse(Win32Errors.meansAbsent(5), "access denied is a real problem, logged");
    }

    @Test
    void locatorNeverInventsCandidates() {
        assertEquals(java.util.List.of("\\\\.\\Global\\org.infinibay.agent", "\\\\.\\Global\\com.infinibay.infiniservice.0"),
                new WindowsDeviceLocator(" ").candidates());
        assertEquals(java.util.List.of("COM3"), new WindowsDeviceLocator("COM3").candidates());
        assertTrue(WindowsDeviceLocator.isComPort("COM3"));
        assertTrue(WindowsDeviceLocator.isComPort("\\\\.\\COM12"));
        assertEquals("COM12", WindowsDeviceLocator.comPortName("\\\\.\\COM12"));
        assertFalse(WindowsDeviceLocator.isComPort("\\\\.\\Global\\org.infinibay.agent"));
        assertFalse(WindowsDeviceLocator.isComPort(null));
    }
}
