package org.infinibay.infiniservice.adapters.windows.channel;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Windows column of CONTRACT §1.4: an explicit override is exclusive; otherwise the current
 * port name, then the legacy one. Nothing else is ever opened: no {@code \\.\pipe\*}, no
 * {@code \\.\VirtioSerial*}, no COM port unless the operator named it (pitfall P7).
 */
public final class WindowsDeviceLocator {
    public static final String CURRENT = "\\\\.\\Global\\org.infinibay.agent";
    public static final String LEGACY = "\\\\.\\Global\\com.infinibay.infiniservice.0";

    private final String override;

    /** @param override {@code --device} / {@code INFINISERVICE_DEVICE}; {@code null} or blank: discover */
    public WindowsDeviceLocator(String override) {
        this.override = override == null || override.isBlank() ? null : override.trim();
    }

    /** The candidates in order; the first that opens wins. */
    public List<String> candidates() {
        return override == null ? List.of(CURRENT, LEGACY) : List.of(override);
    }

    public Optional<String> override() {
        return Optional.ofNullable(override);
    }

    /** True for an explicit {@code COMn} / {@code \\.\COMn} override, served by jSerialComm. */
    public static boolean isComPort(String device) {
        if (device == null) {
            return false;
        }
        String d = device.trim().toUpperCase(Locale.ROOT);
        if (d.startsWith("\\\\.\\")) {
            d = d.substring(4);
        }
        return d.matches("COM[0-9]{1,3}");
    }

    /** The bare {@code COMn} name jSerialComm expects. */
    public static String comPortName(String device) {
        String d = device.trim();
        return d.startsWith("\\\\.\\") ? d.substring(4) : d;
    }
}
