package org.infinibay.infiniservice.adapters.windows.services;

import org.infinibay.infiniservice.domain.command.ParameterRule;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ServiceInfo;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The service control manager through Advapi32 (no child process): EnumServicesStatusEx for the
 * list, QueryServiceConfig/QueryServiceConfig2 for start type, image and description,
 * StartService/ControlService and ChangeServiceConfig for the operations. Win32 services only
 * (drivers are not services the host manages).
 */
public final class ScmServiceManager implements ServiceManager, WindowsServiceInventory.Reader {
    /** SCM service names (CONTRACT §8.2, Windows column): {@code $} too (e.g. {@code MSSQL$SQLEXPRESS}). */
    public static final ParameterRule SERVICE_NAMES = new ParameterRule("SERVICE_WINDOWS", "[A-Za-z0-9._@:$-]+", 256);
    private static final int SERVICE_WIN32 = 0x30;
    private static final int SERVICE_STATE_ALL = 0x3;
    private static final int SERVICE_CONFIG_DESCRIPTION = 1;
    private static final int ACCESS = Winsvc.SERVICE_QUERY_CONFIG | Winsvc.SERVICE_CHANGE_CONFIG
            | Winsvc.SERVICE_QUERY_STATUS | Winsvc.SERVICE_START | Winsvc.SERVICE_STOP;
    private static final System.Logger LOG = Logs.get(ScmServiceManager.class);

    private final String systemRoot;

    public ScmServiceManager(String systemRoot) {
        this.systemRoot = systemRoot;
    }

    @Override
    public boolean available() {
        try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT)) {
            scm.open(Winsvc.SC_MANAGER_CONNECT);
            return true;
        } catch (Win32Exception | UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    @Override
    public List<ServiceRecord> read() {
        List<ServiceRecord> out = new ArrayList<>();
        try (W32ServiceManager scm = new W32ServiceManager()) {
            scm.open(Winsvc.SC_MANAGER_ENUMERATE_SERVICE | Winsvc.SC_MANAGER_CONNECT);
            for (Winsvc.ENUM_SERVICE_STATUS_PROCESS e : scm.enumServicesStatusExProcess(SERVICE_WIN32,
                    SERVICE_STATE_ALL, null)) {
                out.add(record(scm, e.lpServiceName, e.lpDisplayName, e.ServiceStatusProcess));
            }
        }
        return out;
    }

    private ServiceRecord record(W32ServiceManager scm, String name, String display, Winsvc.SERVICE_STATUS_PROCESS st) {
        int startType = -1;
        String image = null;
        List<String> deps = List.of();
        String description = null;
        Winsvc.SC_HANDLE h = Advapi32.INSTANCE.OpenService(scm.getHandle(), name, Winsvc.SERVICE_QUERY_CONFIG);
        if (h != null) {
            try {
                Config c = queryConfig(h);
                if (c != null) {
                    startType = c.startType;
                    image = ScmNames.imagePath(c.binaryPath, systemRoot);
                    deps = ScmNames.dependencies(c.dependencies);
                }
                description = queryDescription(h);
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(h);
            }
        }
        return new ServiceRecord(name, display, ScmNames.startType(startType), ScmNames.serviceType(st.dwServiceType),
                ScmNames.state(st.dwCurrentState), description, image, deps,
                st.dwProcessId == 0 ? null : st.dwProcessId, ScmNames.isDefault(image, systemRoot),
                st.dwWin32ExitCode);
    }

    /** The fields of QUERY_SERVICE_CONFIGW we use. */
    private record Config(int startType, String binaryPath, List<String> dependencies) {
    }

    private static Config queryConfig(Winsvc.SC_HANDLE h) {
        ScmNative scm = Holder.NATIVE;
        IntByReference needed = new IntByReference();
        scm.QueryServiceConfig(h, null, 0, needed);
        if (needed.getValue() <= 0) {
            return null;
        }
        Memory buf = new Memory(needed.getValue());
        if (!scm.QueryServiceConfig(h, buf, (int) buf.size(), needed)) {
            return null;
        }
        int p = Native.POINTER_SIZE;
        long binOff = align(12, p);
        long groupOff = binOff + p;
        long tagOff = groupOff + p;
        long depsOff = align(tagOff + 4, p);
        Pointer bin = buf.getPointer(binOff);
        Pointer deps = buf.getPointer(depsOff);
        List<String> depList = new ArrayList<>();
        if (deps != null) {
            long off = 0;
            while (true) {
                String s = deps.getWideString(off);
                if (s.isEmpty()) {
                    break;
                }
                depList.add(s);
                off += (s.length() + 1L) * 2;
            }
        }
        return new Config(buf.getInt(4), bin == null ? null : bin.getWideString(0), depList);
    }

    private static long align(long off, int to) {
        return (off + to - 1) / to * to;
    }

    private static String queryDescription(Winsvc.SC_HANDLE h) {
        IntByReference needed = new IntByReference();
        Advapi32.INSTANCE.QueryServiceConfig2(h, SERVICE_CONFIG_DESCRIPTION, null, 0, needed);
        if (needed.getValue() <= 0) {
            return null;
        }
        Memory buf = new Memory(needed.getValue());
        if (!Advapi32.INSTANCE.QueryServiceConfig2(h, SERVICE_CONFIG_DESCRIPTION, buf, (int) buf.size(), needed)) {
            return null;
        }
        Pointer d = buf.getPointer(0);
        String s = d == null ? null : d.getWideString(0);
        // resource references (@%SystemRoot%\system32\x.dll,-101) are left as they are: no MUI lookup here
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public List<ServiceInfo> list(Deadline deadline) throws OsOperationException {
        try {
            List<ServiceInfo> out = new ArrayList<>();
            for (ServiceRecord r : read()) {
                out.add(new ServiceInfo(r.name(), r.displayName(), r.state(), r.startType(), r.description()));
            }
            return out;
        } catch (Win32Exception e) {
            throw new OsOperationException("service control manager: " + e.getMessage());
        }
    }

    @Override
    public Optional<ServiceInfo> find(String name, Deadline deadline) throws OsOperationException {
        try (W32ServiceManager scm = new W32ServiceManager()) {
            scm.open(Winsvc.SC_MANAGER_CONNECT);
            Winsvc.SC_HANDLE h = Advapi32.INSTANCE.OpenService(scm.getHandle(), name,
                    Winsvc.SERVICE_QUERY_CONFIG | Winsvc.SERVICE_QUERY_STATUS);
            if (h == null) {
                int err = Native.getLastError();
                if (err == WinError.ERROR_SERVICE_DOES_NOT_EXIST) {
                    return Optional.empty();
                }
                throw new OsOperationException("cannot open service " + name + ": error " + err);
            }
            try (W32Service svc = new W32Service(h)) {
                Winsvc.SERVICE_STATUS_PROCESS st = svc.queryStatus();
                Config c = queryConfig(h);
                String display = name;
                return Optional.of(new ServiceInfo(name, display, ScmNames.state(st.dwCurrentState),
                        ScmNames.startType(c == null ? -1 : c.startType), queryDescription(h)));
            }
        } catch (Win32Exception e) {
            throw new OsOperationException("service control manager: " + e.getMessage());
        }
    }

    @Override
    public CommandOutput control(String name, String operation, Deadline deadline)
            throws OsOperationException, InterruptedException {
        try (W32ServiceManager scm = new W32ServiceManager()) {
            scm.open(Winsvc.SC_MANAGER_CONNECT);
            try (W32Service svc = scm.openService(name, ACCESS)) {
                switch (operation) {
                    case "start":
                        start(svc, deadline);
                        break;
                    case "stop":
                        stop(svc, deadline);
                        break;
                    case "restart":
                        stop(svc, deadline);
                        start(svc, deadline);
                        break;
                    case "enable":
                    case "disable":
                        if (!Holder.NATIVE.ChangeServiceConfig(svc.getHandle(), ScmNative.SERVICE_NO_CHANGE,
                                ScmNames.startTypeCode(operation), ScmNative.SERVICE_NO_CHANGE, null, null, null, null,
                                null, null, null)) {
                            throw new Win32Exception(Native.getLastError());
                        }
                        break;
                    default:
                        throw new OsOperationException(ExitCodes.INVALID_PARAMETERS, "unknown operation " + operation,
                                "", "");
                }
                return new CommandOutput(0, name + ": " + operation + " done, now "
                        + ScmNames.state(svc.queryStatus().dwCurrentState) + "\n", "");
            }
        } catch (Win32Exception e) {
            throw new OsOperationException(ExitCodes.FAILED, name + ": " + operation + " failed: " + e.getMessage(),
                    "", "");
        }
    }

    private static void start(W32Service svc, Deadline deadline) throws InterruptedException {
        if (svc.queryStatus().dwCurrentState == Winsvc.SERVICE_RUNNING) {
            return;
        }
        if (!Advapi32.INSTANCE.StartService(svc.getHandle(), 0, null)) {
            int err = Native.getLastError();
            if (err != WinError.ERROR_SERVICE_ALREADY_RUNNING) {
                throw new Win32Exception(err);
            }
        }
        waitFor(svc, Winsvc.SERVICE_RUNNING, deadline);
    }

    private static void stop(W32Service svc, Deadline deadline) throws InterruptedException {
        if (svc.queryStatus().dwCurrentState == Winsvc.SERVICE_STOPPED) {
            return;
        }
        Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
        if (!Advapi32.INSTANCE.ControlService(svc.getHandle(), Winsvc.SERVICE_CONTROL_STOP, status)) {
            int err = Native.getLastError();
            if (err != WinError.ERROR_SERVICE_NOT_ACTIVE) {
                throw new Win32Exception(err);
            }
        }
        waitFor(svc, Winsvc.SERVICE_STOPPED, deadline);
    }

    /** Polls until {@code state} (or a non-pending state) or the deadline; the deadline leaves it pending. */
    private static void waitFor(W32Service svc, int state, Deadline deadline) throws InterruptedException {
        while (true) {
            int s = svc.queryStatus().dwCurrentState;
            if (s == state || (s != Winsvc.SERVICE_START_PENDING && s != Winsvc.SERVICE_STOP_PENDING
                    && s != Winsvc.SERVICE_CONTINUE_PENDING && s != Winsvc.SERVICE_PAUSE_PENDING)) {
                return;
            }
            if (deadline.passed(System.nanoTime())) {
                LOG.log(System.Logger.Level.WARNING, "service still pending at the deadline");
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Stopped automatic services that exited with an error (a clean stop is not a failure). */
    @Override
    public List<String> failed(Deadline deadline) throws OsOperationException {
        try {
            List<String> out = new ArrayList<>();
            for (ServiceRecord r : read()) {
                if (r.startType().equals("Automatic") && r.state().equals("Stopped") && r.win32ExitCode() != 0) {
                    out.add(r.name());
                }
            }
            return out;
        } catch (Win32Exception e) {
            throw new OsOperationException("service control manager: " + e.getMessage());
        }
    }

    /** Loaded on first native use: constructing the manager on Linux (tests, wiring) loads nothing. */
    private static final class Holder {
        static final ScmNative NATIVE = ScmNative.load();
    }

    @Override
    public ParameterRule nameRule() {
        return SERVICE_NAMES;
    }
}
