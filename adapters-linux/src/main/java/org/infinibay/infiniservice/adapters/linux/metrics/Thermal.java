package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * CPU temperature in °C from sysfs, or {@code null} (VMs usually have none).
 *
 * <p>Preference: a CPU thermal zone (x86_pkg_temp, *cpu*), then a CPU hwmon driver (coretemp,
 * k10temp, zenpower: temp1 is the package/Tctl sensor), then any other thermal zone (acpitz).
 * The chosen file is remembered and discovery repeats only when it stops answering.
 */
final class Thermal {
    private static final String[] CPU_HWMON = {"coretemp", "k10temp", "zenpower", "cpu_thermal"};

    private final String root;
    private final ProcFile file = new ProcFile(256);
    private String chosen;
    private boolean searched;

    Thermal(String root) {
        this.root = root;
    }

    Double read() {
        if (chosen == null && !searched) {
            chosen = discover();
            searched = true;
        }
        if (chosen == null) {
            return null;
        }
        try {
            long milli = file.load(chosen).decimal();
            return milli / 1000.0;
        } catch (IOException e) {
            chosen = null;
            searched = false; // sensor went away: look again next time
            return null;
        }
    }

    private String discover() {
        String zones = root + "sys/class/thermal/";
        String[] names = sorted(new File(zones).list());
        String fallback = null;
        for (String z : names) {
            if (!z.startsWith("thermal_zone")) {
                continue;
            }
            String type = line(zones + z + "/type").toLowerCase(Locale.ROOT);
            String temp = zones + z + "/temp";
            if (!readable(temp)) {
                continue;
            }
            if (type.equals("x86_pkg_temp") || type.contains("cpu")) {
                return temp;
            }
            if (fallback == null) {
                fallback = temp;
            }
        }
        String hwmon = root + "sys/class/hwmon/";
        for (String h : sorted(new File(hwmon).list())) {
            String name = line(hwmon + h + "/name");
            for (String cpu : CPU_HWMON) {
                String temp = hwmon + h + "/temp1_input";
                if (name.equals(cpu) && readable(temp)) {
                    return temp;
                }
            }
        }
        return fallback;
    }

    private boolean readable(String path) {
        try {
            file.load(path);
            return file.length() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private String line(String path) {
        try {
            return file.load(path).firstLine();
        } catch (IOException e) {
            return "";
        }
    }

    private static String[] sorted(String[] names) {
        if (names == null) {
            return new String[0];
        }
        Arrays.sort(names);
        return names;
    }
}
