package org.infinibay.infiniservice.adapters.linux.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code cpu} lines of /proc/stat: busy and total jiffies, aggregate and per logical CPU.
 * Offline CPUs have no line; their slot holds -1 and reports 0 %.
 */
final class CpuTimes {
    private final long aggregateTotal;
    private final long aggregateIdle;
    private final long[] total;
    private final long[] idle;

    private CpuTimes(long aggregateTotal, long aggregateIdle, long[] total, long[] idle) {
        this.aggregateTotal = aggregateTotal;
        this.aggregateIdle = aggregateIdle;
        this.total = total;
        this.idle = idle;
    }

    /** Parses a loaded /proc/stat. */
    static CpuTimes parse(ProcFile f) {
        long aggTotal = 0;
        long aggIdle = 0;
        long[] total = new long[8];
        long[] idle = new long[8];
        int count = 0;
        f.position(0);
        while (!f.atEnd()) {
            if (f.lineStartsWith("cpu")) {
                String label = f.token();
                // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
                // already included in user/nice, so only the first eight fields are summed.
                long sum = 0;
                long idleSum = 0;
                for (int i = 0; i < 8 && !f.atLineEnd(); i++) {
                    long v = f.decimal();
                    sum += v;
                    if (i == 3 || i == 4) {
                        idleSum += v; // idle + iowait
                    }
                }
                if (label.equals("cpu")) {
                    aggTotal = sum;
                    aggIdle = idleSum;
                } else {
                    int index = parseIndex(label);
                    if (index >= 0) {
                        if (index >= total.length) {
                            int n = Math.max(index + 1, total.length * 2);
                            int old = total.length;
                            total = Arrays.copyOf(total, n);
                            idle = Arrays.copyOf(idle, n);
                            Arrays.fill(total, old, n, -1);
                        }
                        if (index >= count) {
                            Arrays.fill(total, count, index, -1);
                            count = index + 1;
                        }
                        total[index] = sum;
                        idle[index] = idleSum;
                    }
                }
            }
            f.nextLine();
        }
        return new CpuTimes(aggTotal, aggIdle, Arrays.copyOf(total, count), Arrays.copyOf(idle, count));
    }

    private static int parseIndex(String label) {
        int v = 0;
        if (label.length() <= 3) {
            return -1;
        }
        for (int i = 3; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    int cpuCount() {
        return total.length;
    }

    /** Aggregate busy percent between {@code before} and this reading. */
    double usageSince(CpuTimes before) {
        return percent(aggregateTotal - before.aggregateTotal, aggregateIdle - before.aggregateIdle);
    }

    /** Per-CPU busy percent; one entry per logical CPU of this reading. */
    List<Double> coresSince(CpuTimes before) {
        List<Double> out = new ArrayList<>(total.length);
        for (int i = 0; i < total.length; i++) {
            if (total[i] < 0 || i >= before.total.length || before.total[i] < 0) {
                out.add(0.0);
            } else {
                out.add(percent(total[i] - before.total[i], idle[i] - before.idle[i]));
            }
        }
        return out;
    }

    private static double percent(long dTotal, long dIdle) {
        if (dTotal <= 0) {
            return 0.0;
        }
        double busy = (double) (dTotal - Math.max(0, dIdle)) / dTotal * 100.0;
        return Math.max(0.0, Math.min(100.0, busy));
    }
}
