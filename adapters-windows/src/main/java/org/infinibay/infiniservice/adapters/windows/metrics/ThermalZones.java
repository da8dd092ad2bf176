package org.infinibay.infiniservice.adapters.windows.metrics;

import com.sun.jna.platform.win32.COM.WbemcliUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import oshi.util.platform.windows.WmiQueryHandler;

/**
 * CPU temperature on Windows, in °C, or {@code null} — the usual answer in a VM, where no ACPI
 * thermal zone exists. Source: WMI {@code root\WMI:MSAcpi_ThermalZoneTemperature.CurrentTemperature}
 * (tenths of a kelvin; needs the administrator rights the service has), queried in-process through
 * OSHI's WMI handler, no PowerShell. The hottest plausible zone is reported (the zone nearest the
 * CPU is usually the hottest; Windows names zones by firmware, e.g. {@code ACPI\ThermalZone\TZ00_0},
 * not by what they measure). Readings at or below 0 °C or above 150 °C are firmware placeholders
 * and ignored, so a zone reporting 0 K never becomes a bogus 0 or -273 °C.
 *
 * <p>When WMI has no zone ("Not supported", "Invalid class" or no instances) the query is not
 * repeated for {@link #RETRY_AFTER_MINUTES} minutes: a VM pays for one failed query per ten minutes,
 * not one per collection.
 */
public final class ThermalZones {
    static final long RETRY_AFTER_MINUTES = 10;
    /** 0 °C and 150 °C in tenths of a kelvin (the bounds CONTRACT §7.3 calls plausible). */
    static final long MIN_TENTHS_KELVIN = 2_732;
    static final long MAX_TENTHS_KELVIN = 4_232;

    /** The raw {@code CurrentTemperature} values of every zone; empty when there is none. */
    @FunctionalInterface
    public interface ZoneReader {
        List<Long> currentTemperatures() throws Exception;
    }

    private final ZoneReader reader;
    private final LongSupplier nanoClock;
    private long retryAtNanos;
    private boolean waiting;

    public ThermalZones(ZoneReader reader, LongSupplier nanoClock) {
        this.reader = reader;
        this.nanoClock = nanoClock;
    }

    /** The production reader: one WMI query. */
    public static ThermalZones wmi() {
        return new ThermalZones(ThermalZones::queryWmi, System::nanoTime);
    }

    /** °C of the hottest plausible zone, or {@code null}. */
    public synchronized Double read() {
        if (waiting && nanoClock.getAsLong() - retryAtNanos < 0) {
            return null;
        }
        Double c;
        try {
            c = celsius(reader.currentTemperatures());
        } catch (Exception | LinkageError e) {
            c = null;
        }
        waiting = c == null;
        if (waiting) {
            retryAtNanos = nanoClock.getAsLong() + TimeUnit.MINUTES.toNanos(RETRY_AFTER_MINUTES);
        }
        return c;
    }

    /** Tenths of a kelvin to °C (exact: 0.05 °C steps); the hottest plausible value, else {@code null}. */
    public static Double celsius(List<Long> tenthsOfKelvin) {
        long best = -1;
        for (Long t : tenthsOfKelvin) {
            if (t != null && t > MIN_TENTHS_KELVIN && t <= MAX_TENTHS_KELVIN && t > best) {
                best = t;
            }
        }
        return best < 0 ? null : (best * 10 - 27_315) / 100.0;
    }

    private enum Zone { CurrentTemperature }

    private static List<Long> queryWmi() {
        WmiQueryHandler wmi = WmiQueryHandler.createInstance();
        List<Long> out = new ArrayList<>();
        if (wmi == null) {
            return out;
        }
        WbemcliUtil.WmiResult<Zone> r = wmi.queryWMI(
                new WbemcliUtil.WmiQuery<>("ROOT\\WMI", "MSAcpi_ThermalZoneTemperature", Zone.class));
        for (int i = 0; i < r.getResultCount(); i++) {
            Object v = r.getValue(Zone.CurrentTemperature, i);
            if (v instanceof Number n) {
                out.add(n.longValue() & 0xFFFF_FFFFL); // uint32, delivered as a signed VT_I4
            }
        }
        return out;
    }
}
