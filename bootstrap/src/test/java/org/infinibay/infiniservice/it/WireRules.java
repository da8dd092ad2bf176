package org.infinibay.infiniservice.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * The host's view of our lines, as test assertions: framing (CONTRACT §2.2, §6.2, §13 items 6-9)
 * for every line, and the metrics column rules of §7 (items 31-36, 39-40) for metrics lines.
 * Each method returns the violations found (empty = conforming).
 */
public final class WireRules {
    public static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
    private static final Set<String> FORBIDDEN_TYPES = Set.of("signed", "connection_status", "ping");
    private static final Set<String> STATUSES =
            Set.of("Running", "Sleeping", "Disk Sleep", "Idle", "Stopped", "Zombie", "Dead", "Unknown");

    private WireRules() {
    }

    /** Rules for any outbound line: raw text and parsed object. */
    public static List<String> framing(String raw, JsonObject line) {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                v.add("non-ASCII byte at " + i);
                break;
            }
        }
        if (raw.contains("NaN") || raw.contains("Infinity")) {
            v.add("NaN/Infinity in line");
        }
        if (raw.length() > 3 * 1024 * 1024) {
            v.add("line over 3 MiB: " + raw.length());
        }
        if (line == null) {
            v.add("not a JSON object");
            return v;
        }
        String type = line.string("type").orElse(null);
        if (type == null) {
            v.add("no type");
        } else if (FORBIDDEN_TYPES.contains(type)) {
            v.add("forbidden type " + type);
        }
        String ts = line.string("timestamp").orElse("");
        if (!TIMESTAMP.matcher(ts).matches()) {
            v.add("bad timestamp '" + ts + "'");
        }
        if ("error_report".equals(type) && "Fatal".equals(line.string("severity").orElse(null))) {
            v.add("error_report with severity Fatal");
        }
        return v;
    }

    /** The host's column rules for a metrics line (§7). */
    public static List<String> metrics(JsonObject line) {
        List<String> v = new ArrayList<>();
        JsonObject data = line.object("data").orElse(null);
        if (data == null) {
            v.add("no data");
            return v;
        }
        JsonObject sys = data.object("system").orElse(null);
        if (sys == null) {
            v.add("no data.system");
            return v;
        }
        JsonObject cpu = obj(sys, "cpu", v);
        if (cpu != null) {
            number(cpu, "usage_percent", true, v);
            JsonArray cores = cpu.array("cores_usage").orElse(null);
            if (cores == null) {
                v.add("cpu.cores_usage missing");
            } else {
                if (cores.size() != Runtime.getRuntime().availableProcessors()) {
                    v.add("cores_usage has " + cores.size() + " entries for " + Runtime.getRuntime().availableProcessors()
                            + " CPUs");
                }
                cores.items().forEach(c -> {
                    if (!(c instanceof JsonFloat || c instanceof JsonInt)) {
                        v.add("cores_usage entry not a number");
                    }
                });
            }
            if (cpu.has("temperature")) {
                number(cpu, "temperature", false, v);
            }
        }
        JsonObject mem = obj(sys, "memory", v);
        if (mem != null) {
            for (String k : List.of("total_kb", "used_kb", "available_kb", "swap_total_kb", "swap_used_kb")) {
                integer(mem, k, v);
            }
            if (mem.integer("used_kb").orElse(-1) != mem.integer("total_kb").orElse(0) - mem.integer("available_kb").orElse(0)) {
                v.add("used_kb != total_kb - available_kb");
            }
        }
        JsonObject disk = obj(sys, "disk", v);
        if (disk != null) {
            JsonArray usage = disk.array("usage_stats").orElse(null);
            if (usage == null) {
                v.add("disk.usage_stats missing");
            } else {
                for (Json u : usage.items()) {
                    JsonObject o = (JsonObject) u;
                    string(o, "mount_point", v);
                    for (String k : List.of("total_gb", "used_gb", "available_gb")) {
                        number(o, k, true, v);
                    }
                }
            }
            JsonObject io = obj(disk, "io_stats", v);
            if (io != null) {
                for (String k : List.of("read_bytes_per_sec", "write_bytes_per_sec", "read_ops_per_sec", "write_ops_per_sec")) {
                    number(io, k, true, v);
                }
            }
        }
        JsonObject net = obj(sys, "network", v);
        JsonArray ifs = net == null ? null : net.array("interfaces").orElse(null);
        if (ifs == null) {
            v.add("network.interfaces missing");
        } else {
            for (Json j : ifs.items()) {
                JsonObject n = (JsonObject) j;
                string(n, "name", v);
                if ("lo".equals(n.string("name").orElse(""))) {
                    v.add("loopback interface present");
                }
                for (String k : List.of("bytes_received", "bytes_sent", "packets_received", "packets_sent")) {
                    integer(n, k, v);
                }
                if (!(n.get("is_up").orElse(null) instanceof JsonBool)) {
                    v.add("is_up missing");
                }
                for (Json a : n.array("ip_addresses").orElse(JsonArray.EMPTY).items()) {
                    String s = a instanceof JsonString str ? str.value() : "";
                    if (s.isEmpty() || s.contains("/") || s.startsWith("127.") || s.equals("::1")) {
                        v.add("bad ip address '" + s + "'");
                    }
                }
            }
        }
        integer(sys, "uptime_seconds", v);
        for (String misplaced : List.of("processes", "ports", "windows_services", "applications", "system")) {
            if (sys.has(misplaced)) {
                v.add(misplaced + " nested under data.system (P1)");
            }
        }
        data.array("processes").ifPresent(ps -> {
            if (ps.size() > 1000) {
                v.add("more than 1000 processes");
            }
            for (Json j : ps.items()) {
                JsonObject p = (JsonObject) j;
                integer(p, "pid", v);
                string(p, "name", v);
                number(p, "cpu_percent", true, v);
                integer(p, "memory_kb", v);
                if (!STATUSES.contains(p.string("status").orElse(""))) {
                    v.add("bad process status " + p.get("status"));
                }
                p.string("start_time").ifPresent(t -> {
                    if (!TIMESTAMP.matcher(t).matches()) {
                        v.add("bad start_time " + t);
                    }
                });
                for (String k : List.of("ppid", "disk_read_bytes", "disk_write_bytes")) {
                    if (p.has(k)) {
                        integer(p, k, v);
                    }
                }
            }
        });
        data.array("ports").ifPresent(ps -> {
            if (ps.size() > 1000) {
                v.add("more than 1000 ports");
            }
            for (Json j : ps.items()) {
                JsonObject p = (JsonObject) j;
                integer(p, "port", v);
                string(p, "protocol", v);
                string(p, "state", v);
                integer(p, "connection_count", v);
                if (p.has("pid")) {
                    integer(p, "pid", v);
                }
            }
        });
        return v;
    }

    private static JsonObject obj(JsonObject o, String k, List<String> v) {
        JsonObject r = o.object(k).orElse(null);
        if (r == null) {
            v.add(k + " missing");
        }
        return r;
    }

    private static void integer(JsonObject o, String k, List<String> v) {
        if (!(o.get(k).orElse(null) instanceof JsonInt)) {
            v.add(k + " is not an integer: " + o.get(k).orElse(null));
        }
    }

    private static void number(JsonObject o, String k, boolean required, List<String> v) {
        Json j = o.get(k).orElse(null);
        if (j == null && !required) {
            return;
        }
        if (!(j instanceof JsonFloat || j instanceof JsonInt)) {
            v.add(k + " is not a finite number: " + j);
        }
    }

    private static void string(JsonObject o, String k, List<String> v) {
        if (o.string(k).map(String::isEmpty).orElse(true)) {
            v.add(k + " missing or empty");
        }
    }
}
