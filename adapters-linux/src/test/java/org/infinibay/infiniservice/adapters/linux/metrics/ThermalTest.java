package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sysfs sensor selection (this VM has no sensors, so the layout is laid out in a temp root). */
class ThermalTest {
    @TempDir
    Path root;

    @Test
    void prefersCpuZoneOverAcpi() throws Exception {
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/type", "acpitz\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/temp", "27800\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone1/temp", "55000\n");
        assertEquals(55.0, new Thermal(root + "/").read());
    }

    @Test
    void hwmonCoretempBeforeNonCpuZone() throws Exception {
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/type", "acpitz\n");
        Fixtures.write(root, "sys/class/thermal/thermal_zone0/temp", "27800\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon0/name", "nvme\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon0/temp1_input", "38850\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/name", "k10temp\n");
        Fixtures.write(root, "sys/class/hwmon/hwmon1/temp1_input", "61125\n");
        assertEquals(61.125, new Thermal(root + "/").read());
    }

    @Test
    void noSensorIsNull() {
        assertNull(new Thermal(root + "/").read());
    }
}
