package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.domain.command.ParameterRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ServiceInfo;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * Services through {@code systemctl} (CONTRACT §8.5.1), service units only ({@link #unit}). systemd counts as running when
 * {@code /run/systemd/system} exists (sd_booted(3)); it need not be PID 1 for that test, but without
 * it every call would fail with "System has not been booted with systemd".
 */
public final class SystemdServiceManager implements ServiceManager {
    private static final String SUFFIX = ".service";

    private final Commands commands;
    private final Path runtimeDir;

    public SystemdServiceManager(Commands commands) {
        this(commands, Path.of("/run/systemd/system"));
    }

    public SystemdServiceManager(Commands commands, Path runtimeDir) {
        this.commands = commands;
        this.runtimeDir = runtimeDir;
    }

    @Override
    public ParameterRule nameRule() {
        return LinuxNames.SERVICE;
    }

    @Override
    public boolean available() {
        return Files.isDirectory(runtimeDir) && commands.programs().has("systemctl");
    }

    @Override
    public List<ServiceInfo> list(Deadline deadline) throws OsOperationException, InterruptedException {
        String units = commands.require(deadline, "systemctl", "list-units", "--type=service", "--all", "--no-pager",
                "--no-legend", "--plain").stdout();
        String files = commands.require(deadline, "systemctl", "list-unit-files", "--type=service", "--no-pager",
                "--no-legend").stdout();
        return merge(parseListUnits(units), parseUnitFiles(files));
    }

    @Override
    public Optional<ServiceInfo> find(String name, Deadline deadline) throws OsOperationException, InterruptedException {
        Map<String, String> kv = show(unit(name), deadline, "Id,LoadState,ActiveState,UnitFileState,Description");
        requireService(name, kv);
        return parseShow(kv);
    }

    /** The unit's Id and every alias ({@code Names}), e.g. {@code ssh.service} and {@code sshd.service}. */
    @Override
    public List<String> names(String name, Deadline deadline) throws OsOperationException, InterruptedException {
        String unit = unit(name);
        Map<String, String> kv = show(unit, deadline, "Id,Names,LoadState");
        requireService(name, kv);
        List<String> names = new ArrayList<>();
        names.add(kv.getOrDefault("Id", "").isEmpty() ? unit : kv.get("Id"));
        for (String n : kv.getOrDefault("Names", "").split(" ")) {
            if (!n.isBlank() && !names.contains(n.strip())) {
                names.add(n.strip());
            }
        }
        return names;
    }

    /**
     * Acts on the unit the name resolves to ({@code Id}), and only when that is a service: a plain
     * name means {@code <name>.service}, never a target, mount or other unit type (CONTRACT §8.5.1 is
     * about services; {@code reboot.target} with {@code start} would reboot past a denied RebootSystem).
     */
    @Override
    public CommandOutput control(String name, String operation, Deadline deadline)
            throws OsOperationException, InterruptedException {
        String unit = unit(name);
        Map<String, String> kv = show(unit, deadline, "Id,LoadState");
        requireService(name, kv);
        String id = kv.getOrDefault("Id", "");
        return commands.require(deadline, "systemctl", operation, "--", id.isEmpty() ? unit : id);
    }

    private Map<String, String> show(String unit, Deadline deadline, String properties)
            throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "systemctl", "show", "--property=" + properties, "--no-pager", "--",
                unit);
        if (r.exitCode() != 0) {
            throw Commands.failed("systemctl", r);
        }
        return keyValues(r.stdout());
    }

    /** A loaded unit whose Id is not a service (an alias of another unit type) is refused. */
    static void requireService(String requested, Map<String, String> kv) throws OsOperationException {
        String id = kv.getOrDefault("Id", "");
        String load = kv.getOrDefault("LoadState", "");
        if (!id.isEmpty() && !load.equals("not-found") && !id.endsWith(SUFFIX)) {
            throw notAService(requested, "it resolves to " + id + ", which is not a service");
        }
    }

    @Override
    public List<String> failed(Deadline deadline) throws OsOperationException, InterruptedException {
        String out = commands.require(deadline, "systemctl", "list-units", "--state=failed", "--no-pager",
                "--no-legend", "--plain").stdout();
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (!f[0].isEmpty()) {
                names.add(f[0].replace("●", "").strip());
            }
        }
        return names;
    }

    /** Unit types other than services: a name with one of these suffixes is never a service. */
    private static final List<String> OTHER_TYPES = List.of("socket", "target", "timer", "mount", "path", "slice",
            "scope", "device", "automount", "swap", "snapshot", "busname");

    /**
     * The service unit a name means: {@code sshd} and {@code sshd.service} are {@code sshd.service},
     * {@code getty@tty1} is {@code getty@tty1.service}. Refused: another unit type ({@code reboot.target},
     * {@code home.mount}, even as {@code reboot.target.service}), a template without an instance
     * ({@code getty@}), an empty prefix or more than one {@code @}.
     */
    static String unit(String name) throws OsOperationException {
        String base = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        if (base.isEmpty() || base.endsWith(".")) {
            throw notAService(name, "the unit name is empty");
        }
        int dot = base.lastIndexOf('.');
        if (dot >= 0 && OTHER_TYPES.contains(base.substring(dot + 1))) {
            throw notAService(name, "it is a " + base.substring(dot + 1) + " unit");
        }
        int at = base.indexOf('@');
        if (at >= 0 && (at == 0 || at == base.length() - 1 || base.indexOf('@', at + 1) >= 0)) {
            throw notAService(name, at == base.length() - 1 ? "it is a template without an instance"
                    : "not a valid service instance name");
        }
        return base + SUFFIX;
    }

    private static OsOperationException notAService(String name, String why) {
        return new OsOperationException(ExitCodes.INVALID_PARAMETERS, "invalid service: '" + name
                + "' is not a service (" + why + "); ServiceControl acts on service units only", "", "");
    }

    /** {@code UNIT LOAD ACTIVE SUB DESCRIPTION...} per line ({@code --plain --no-legend}). */
    static Map<String, String[]> parseListUnits(String out) {
        // The table is fixed-width: UNIT LOAD ACTIVE SUB [JOB] DESCRIPTION. JOB is filled only on rows
        // with a pending job, so the description column starts where the 5th token of a job-less row
        // starts, which is the largest 5th-token offset of all rows.
        String[] lines = out.split("\n");
        int descriptionAt = 0;
        for (String line : lines) {
            descriptionAt = Math.max(descriptionAt, tokenOffset(line.replace('\u25cf', ' '), 4));
        }
        Map<String, String[]> m = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.replace('\u25cf', ' ');
            String[] f = l.strip().split("\\s+", 5);
            if (f.length < 4 || !f[0].endsWith(SUFFIX)) {
                continue;
            }
            String description = descriptionAt > 0 && l.length() > descriptionAt
                    ? l.substring(descriptionAt).strip() : f.length > 4 ? f[4] : "";
            m.put(f[0], new String[] {f[1], f[2], f[3], description});
        }
        return m;
    }

    /** Offset of the n-th (0-based) whitespace-separated token, or -1. */
    private static int tokenOffset(String line, int n) {
        int i = 0;
        int len = line.length();
        for (int t = 0; t <= n; t++) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                return -1;
            }
            if (t == n) {
                return i;
            }
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
        }
        return -1;
    }

    /** {@code UNIT STATE [PRESET]} per line. */
    static Map<String, String> parseUnitFiles(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 2 && f[0].endsWith(SUFFIX)) {
                m.put(f[0], f[1]);
            }
        }
        return m;
    }

    static List<ServiceInfo> merge(Map<String, String[]> units, Map<String, String> files) {
        Map<String, ServiceInfo> out = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : units.entrySet()) {
            String[] v = e.getValue();
            if (v[0].equals("not-found")) {
                continue;
            }
            String name = strip(e.getKey());
            out.put(name, new ServiceInfo(name, v[3].isEmpty() ? name : v[3], state(v[1]),
                    startType(files.getOrDefault(e.getKey(), "static")), v[3]));
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            String name = strip(e.getKey());
            if (!out.containsKey(name) && !name.endsWith("@")) {
                out.put(name, new ServiceInfo(name, name, "Stopped", startType(e.getValue()), ""));
            }
        }
        List<ServiceInfo> list = new ArrayList<>(out.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    /** {@code systemctl show} key=value output; empty when the unit does not exist. */
    static Optional<ServiceInfo> parseShow(String out) {
        return parseShow(keyValues(out));
    }

    static Map<String, String> keyValues(String out) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return kv;
    }

    static Optional<ServiceInfo> parseShow(Map<String, String> kv) {
        String load = kv.getOrDefault("LoadState", "");
        if (load.isEmpty() || load.equals("not-found")) {
            return Optional.empty();
        }
        String id = kv.getOrDefault("Id", "");
        String name = strip(id);
        String desc = kv.getOrDefault("Description", "");
        String fileState = kv.getOrDefault("UnitFileState", "");
        if (load.equals("masked")) {
            fileState = "masked";
        }
        return Optional.of(new ServiceInfo(name, desc.isEmpty() ? name : desc, state(kv.getOrDefault("ActiveState", "")),
                startType(fileState.isEmpty() ? "static" : fileState), desc));
    }

    static String strip(String unit) {
        return unit.endsWith(SUFFIX) ? unit.substring(0, unit.length() - SUFFIX.length()) : unit;
    }

    /** ActiveState → §8.5.1 state. */
    static String state(String active) {
        switch (active) {
            case "active":
            case "reloading":
            case "refreshing":
                return "Running";
            case "failed":
                return "Failed";
            case "activating":
                return "StartPending";
            case "deactivating":
                return "StopPending";
            default:
                return "Stopped";
        }
    }

    /** UnitFileState → §8.5.1 start type. */
    static String startType(String fileState) {
        switch (fileState) {
            case "enabled":
            case "enabled-runtime":
                return "Automatic";
            case "disabled":
            case "masked":
            case "masked-runtime":
                return "Disabled";
            default:
                return "Manual"; // static, indirect, generated, transient, alias, linked
        }
    }
}
