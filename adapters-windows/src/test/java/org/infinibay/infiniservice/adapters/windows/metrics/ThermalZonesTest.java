package org.infinibay.infiniservice.adapters.windows.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.adapters.windows.Recorded;
import org.infinibay.infiniservice.domain.metrics.CpuMetrics;
import org.junit.jupiter.api.Test;

/** CPU temperature from ACPI thermal zones: conversion and choice on recorded WMI output, and the cost when absent. */
class ThermalZonesTest {

    /** The {@code CurrentTemperature} column of a recorded {@code MSAcpi_ThermalZoneTemperature} table. */
    private static List<Long> currentTemperatures(String table) {
        String[] lines = table.split("\r?\n");
        List<String> header = Arrays.asList(lines[0].trim().split("\\s+"));
        int column = header.indexOf("CurrentTemperature");
        List<Long> out = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            String[] cells = lines[i].trim().split("\\s+");
            if (cells.length > column) {
                out.add(Long.parseLong(cells[column]));
            }
        }
        return out;
    }

    @Test
    void aRecordedZoneConvertsExactlyAsWindowsToolsShowIt() {
        List<Long> raw = currentTemperatures(Recorded.text("msacpi-thermalzone-z790.txt"));
        assertEquals(List.of(3010L), raw);
        assertEquals(27.85, ThermalZones.celsius(raw), 1e-9, "the reporter's Celsius column: 27.85");
        assertEquals(27.85, new CpuMetrics(1.0, List.of(), ThermalZones.celsius(raw)).temperature(), 1e-9);
    }

    @Test
    void theHottestPlausibleZoneWinsAndPlaceholdersNeverBecomeZero() {
        // zones of one machine: a 0 K placeholder (the -273.15 °C of windows_exporter#495), exactly 0 °C,
        // a firmware value above 150 °C, the recorded 3010 and a hotter CPU zone
        assertEquals(52.85, ThermalZones.celsius(List.of(0L, 2732L, 4500L, 3010L, 3260L)), 1e-9);
        assertNull(ThermalZones.celsius(List.of(0L)), "0 K is no reading");
        assertNull(ThermalZones.celsius(List.of(2732L)), "0 °C is a placeholder, never reported as 0");
        assertNull(ThermalZones.celsius(List.of()), "a VM has no zone");
        assertEquals(150.0, ThermalZones.celsius(List.of(4232L)) , 0.06);
        assertNull(ThermalZones.celsius(List.of(4233L)), "above 150 °C is implausible (CONTRACT §7.3)");
    }

    @Test
    void withoutZonesWmiIsAskedOncePerTenMinutesNotEveryCycle() {
        String recorded = Recorded.text("msacpi-thermalzone-not-supported.txt");
        assertTrue(recorded.contains("Not supported"));
        AtomicLong now = new AtomicLong(1_000);
        AtomicInteger queries = new AtomicInteger();
        ThermalZones zones = new ThermalZones(() -> {
            queries.incrementAndGet();
            throw new IllegalStateException("WMI: " + recorded.lines().findFirst().orElseThrow());
        }, now::get);
        for (int cycle = 0; cycle < 20; cycle++) { // 20 collections 30 s apart
            assertNull(zones.read());
            now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        }
        assertEquals(1, queries.get(), "one failed query in 10 minutes");
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        assertNull(zones.read());
        assertEquals(2, queries.get(), "asked again after 10 minutes (a zone may appear after a driver install)");
    }

    @Test
    void aMachineWithAZoneIsReadEveryCycle() {
        AtomicInteger queries = new AtomicInteger();
        List<Long> raw = currentTemperatures(Recorded.text("msacpi-thermalzone-z790.txt"));
        ThermalZones zones = new ThermalZones(() -> {
            queries.incrementAndGet();
            return raw;
        }, System::nanoTime);
        assertEquals(27.85, zones.read(), 1e-9);
        assertEquals(27.85, zones.read(), 1e-9);
        assertEquals(2, queries.get());
    }
}
