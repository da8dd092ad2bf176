package org.infinibay.infiniservice.adapters.windows.channel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The native port: {@code CreateFileW(GENERIC_READ|GENERIC_WRITE, share R/W, OPEN_EXISTING,
 * FILE_FLAG_OVERLAPPED)} (CONTRACT §1.5), one OVERLAPPED structure, event and native buffer per
 * direction, so a read pending in the driver never blocks a write (pitfall P7). Buffers live in
 * native memory for the whole operation: a Java array would be copied and the driver would write
 * into freed memory. Compiles everywhere; only runs on Windows.
 */
public final class Win32OverlappedPort implements PortIo {

    /** The overlapped calls with pointer buffers that jna-platform's Kernel32 lacks. */
    interface OverlappedIo extends StdCallLibrary {
        OverlappedIo INSTANCE = Native.load("kernel32", OverlappedIo.class, W32APIOptions.DEFAULT_OPTIONS);

        boolean ReadFile(HANDLE file, Pointer buffer, int toRead, IntByReference read, Pointer overlapped);

        boolean WriteFile(HANDLE file, Pointer buffer, int toWrite, IntByReference written, Pointer overlapped);

        boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

        boolean CancelIoEx(HANDLE file, Pointer overlapped);
    }

    private static final int MAX_WRITE_CHUNK = 64 * 1024;

    private final HANDLE handle;
    private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
    private final WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED();
    private final HANDLE readEvent;
    private final HANDLE writeEvent;
    private final Memory readBuffer = new Memory(64 * 1024);
    private final Memory writeBuffer = new Memory(MAX_WRITE_CHUNK);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Win32OverlappedPort(HANDLE handle) {
        this.handle = handle;
        this.readEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
        this.writeEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    }

    /** The production {@link PortOpener}. */
    public static PortIo open(String path) throws PortOpener.PortOpenException {
        HANDLE h = Kernel32.INSTANCE.CreateFile(path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
                WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
                WinNT.FILE_FLAG_OVERLAPPED, null);
        if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
            int code = Native.getLastError();
            throw new PortOpener.PortOpenException(code, "CreateFileW(" + path + ") failed with Win32 error " + code);
        }
        return new Win32OverlappedPort(h);
    }

    @Override
    public ReadResult read(byte[] buffer) {
        if (closed.get()) {
            return new ReadResult.Failed(Win32Errors.ERROR_INVALID_HANDLE, 0);
        }
        int want = (int) Math.min(buffer.length, readBuffer.size());
        prepare(readOv, readEvent);
        IntByReference got = new IntByReference();
        boolean ok = OverlappedIo.INSTANCE.ReadFile(handle, readBuffer, want, null, readOv.getPointer());
        if (!ok) {
            int err = Native.getLastError();
            if (err != Win32Errors.ERROR_IO_PENDING) {
                return new ReadResult.Failed(err, 0);
            }
        }
        if (!OverlappedIo.INSTANCE.GetOverlappedResult(handle, readOv.getPointer(), got, true)) {
            int err = Native.getLastError();
            int kept = got.getValue();
            readBuffer.read(0, buffer, 0, kept); // §3.3: keep bytes transferred before a cancel
            return new ReadResult.Failed(err, kept);
        }
        int n = got.getValue();
        if (n == 0) {
            return ReadResult.Empty.INSTANCE;
        }
        readBuffer.read(0, buffer, 0, n);
        return new ReadResult.Data(n);
    }

    @Override
    public WriteResult write(byte[] data, int offset, int length, long timeoutMillis) {
        if (closed.get()) {
            return new WriteResult.Failed(Win32Errors.ERROR_INVALID_HANDLE, 0);
        }
        int n = Math.min(length, MAX_WRITE_CHUNK); // the caller loops until the whole line is out
        writeBuffer.write(0, data, offset, n);
        prepare(writeOv, writeEvent);
        boolean ok = OverlappedIo.INSTANCE.WriteFile(handle, writeBuffer, n, null, writeOv.getPointer());
        if (!ok) {
            int err = Native.getLastError();
            if (err != Win32Errors.ERROR_IO_PENDING) {
                return new WriteResult.Failed(err, 0);
            }
        }
        IntByReference done = new IntByReference();
        int wait = Kernel32.INSTANCE.WaitForSingleObject(writeEvent, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        if (wait == com.sun.jna.platform.win32.WinError.WAIT_TIMEOUT) {
            OverlappedIo.INSTANCE.CancelIoEx(handle, writeOv.getPointer());
            // §3.3: after CancelIoEx collect the result; a write may have completed meanwhile.
            boolean completed = OverlappedIo.INSTANCE.GetOverlappedResult(handle, writeOv.getPointer(), done, true);
            return completed ? new WriteResult.Done(done.getValue()) : new WriteResult.TimedOut(done.getValue());
        }
        if (!OverlappedIo.INSTANCE.GetOverlappedResult(handle, writeOv.getPointer(), done, false)) {
            return new WriteResult.Failed(Native.getLastError(), done.getValue());
        }
        return new WriteResult.Done(done.getValue());
    }

    private static void prepare(WinBase.OVERLAPPED ov, HANDLE event) {
        Kernel32.INSTANCE.ResetEvent(event);
        ov.Internal = null;
        ov.InternalHigh = null;
        ov.Offset = 0;
        ov.OffsetHigh = 0;
        ov.hEvent = event;
        ov.write();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OverlappedIo.INSTANCE.CancelIoEx(handle, null); // wakes the pending read and write
        Kernel32.INSTANCE.CloseHandle(handle);
        Kernel32.INSTANCE.CloseHandle(readEvent);
        Kernel32.INSTANCE.CloseHandle(writeEvent);
    }
}
