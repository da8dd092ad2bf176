package org.infinibay.infiniservice.e2e;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;

/**
 * Windows: the test host serves a named pipe created with overlapped {@code CreateNamedPipeW}; the
 * agent opens it as its {@code --device} with the same {@code CreateFileW(…, FILE_FLAG_OVERLAPPED)}
 * and overlapped reads and writes as the vioserial port. A relay carries the bytes between the pipe
 * and the {@link HostSimulator}'s Unix socket (AF_UNIX: Windows 10 1803+, Java 16+), so recording,
 * signing and the wire checks are the simulator's on both systems.
 *
 * <p>The pipe has no buffer quota (0 bytes each way): a write of the agent completes only when the
 * relay has read it, as a virtio write completes only when QEMU takes it. A detach is the host no
 * longer reading — the agent's next write stays pending, it cancels it after 5 s and counts the host
 * as gone (CONTRACT §3.3) — and a re-attach is the host reading again: the agent's pending probe
 * completes and it runs the attach sequence (§3.4, "a write completes after a detached period").
 * The relay stops only between lines, so no line is cut. Only the CreateFile side of a pipe is the
 * agent's code path: a pipe is not a vioserial port (it has no 0-byte read completions).
 */
final class NamedPipeTransport implements AgentTransport {

    interface PipeApi extends StdCallLibrary {
        PipeApi INSTANCE = Native.load("kernel32", PipeApi.class, W32APIOptions.DEFAULT_OPTIONS);

        HANDLE CreateNamedPipe(String name, int openMode, int pipeMode, int maxInstances, int outBuffer,
                               int inBuffer, int defaultTimeout, Pointer securityAttributes);

        boolean ConnectNamedPipe(HANDLE pipe, Pointer overlapped);

        boolean ReadFile(HANDLE file, Pointer buffer, int toRead, IntByReference read, Pointer overlapped);

        boolean WriteFile(HANDLE file, Pointer buffer, int toWrite, IntByReference written, Pointer overlapped);

        boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

        boolean CancelIoEx(HANDLE file, Pointer overlapped);
    }

    private static final int PIPE_ACCESS_DUPLEX = 0x3;
    private static final int FILE_FLAG_OVERLAPPED = 0x4000_0000;
    private static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x0008_0000;
    private static final int PIPE_TYPE_BYTE = 0;
    private static final int PIPE_REJECT_REMOTE_CLIENTS = 0x8;
    private static final int ERROR_IO_PENDING = 997;
    private static final int ERROR_PIPE_CONNECTED = 535;
    private static final int CHUNK = 64 * 1024;

    private final String name = "\\\\.\\pipe\\infiniservice-e2e-" + UUID.randomUUID();
    private final Object lock = new Object();
    private HostSimulator host;
    private HANDLE pipe;
    private volatile boolean closed;
    /** Set by {@link #detach()}: stop reading at the next line boundary. */
    private boolean pauseRequested;
    private boolean paused;
    private SocketChannel socket;
    private Thread pipeToHost;

    @Override
    public String device() {
        return name;
    }

    @Override
    public void start(HostSimulator h) throws IOException {
        this.host = h;
        pipe = PipeApi.INSTANCE.CreateNamedPipe(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED
                | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE | PIPE_REJECT_REMOTE_CLIENTS, 1, 0, 0, 0, null);
        if (pipe == null || WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
            throw new IOException("CreateNamedPipeW(" + name + ") failed: Win32 error " + Native.getLastError());
        }
        pipeToHost = new Thread(this::relay, "e2e-pipe-relay");
        pipeToHost.setDaemon(true);
        pipeToHost.start();
    }

    /** Waits for the agent's CreateFile, then relays pipe → socket until closed; pauses between lines. */
    private void relay() {
        Overlapped ov = new Overlapped();
        try {
            boolean ok = PipeApi.INSTANCE.ConnectNamedPipe(pipe, ov.prepare());
            int err = ok ? 0 : Native.getLastError();
            if (!ok && err == ERROR_IO_PENDING) {
                ov.await(pipe);
            } else if (!ok && err != ERROR_PIPE_CONNECTED) {
                throw new IOException("ConnectNamedPipe failed: Win32 error " + err);
            }
            connectToHost();
            Memory buffer = new Memory(CHUNK);
            byte[] bytes = new byte[CHUNK];
            boolean atLineStart = true;
            while (!closed) {
                synchronized (lock) {
                    if (pauseRequested && atLineStart) {
                        paused = true;
                        lock.notifyAll();
                    }
                    while (paused && !closed) {
                        lock.wait();
                    }
                }
                int n = ov.transfer(pipe, true, buffer, CHUNK);
                if (n < 0) {
                    return; // the agent closed its end or we were closed
                }
                buffer.read(0, bytes, 0, n);
                if (n > 0) {
                    atLineStart = bytes[n - 1] == '\n';
                    SocketChannel s = currentSocket();
                    if (s != null) {
                        writeAll(s, ByteBuffer.wrap(bytes, 0, n));
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            if (!closed) {
                System.err.println("e2e pipe relay stopped: " + e);
            }
        } finally {
            ov.close();
        }
    }

    /** A new connection to the simulator (its next connection number) and the socket → pipe pump. */
    private void connectToHost() throws IOException {
        SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
        s.connect(UnixDomainSocketAddress.of(host.socketPath()));
        synchronized (lock) {
            socket = s;
        }
        Thread t = new Thread(() -> hostToPipe(s), "e2e-pipe-writer");
        t.setDaemon(true);
        t.start();
    }

    private void hostToPipe(SocketChannel s) {
        Overlapped ov = new Overlapped();
        Memory buffer = new Memory(CHUNK);
        ByteBuffer in = ByteBuffer.allocate(CHUNK);
        try {
            while (!closed) {
                in.clear();
                int n = s.read(in);
                if (n < 0) {
                    return;
                }
                int off = 0;
                while (off < n) {
                    buffer.write(0, in.array(), off, n - off);
                    int w = ov.transfer(pipe, false, buffer, n - off);
                    if (w < 0) {
                        return;
                    }
                    off += w;
                }
            }
        } catch (IOException e) {
            // the simulator dropped the connection (a host detach): nothing more to send
        } finally {
            ov.close();
        }
    }

    private SocketChannel currentSocket() {
        synchronized (lock) {
            return socket;
        }
    }

    private static void writeAll(SocketChannel s, ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                s.write(b);
            }
        } catch (IOException e) {
            // the simulator closed this connection; the relay keeps the pipe
        }
    }

    @Override
    public void detach() throws IOException, InterruptedException {
        SocketChannel s;
        synchronized (lock) {
            pauseRequested = true;
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!paused && System.nanoTime() < until) {
                lock.wait(100);
            }
            if (!paused) {
                throw new IllegalStateException("the relay did not reach a line boundary within 10 s");
            }
            s = socket;
            socket = null;
        }
        if (s != null) {
            s.close();
        }
        // the agent's next line (metrics every 2 s) stays pending 5 s, then it counts the host as gone
        Thread.sleep(9_000);
    }

    @Override
    public void reattach() throws IOException {
        connectToHost();
        synchronized (lock) {
            pauseRequested = false;
            paused = false;
            lock.notifyAll();
        }
    }

    @Override
    public Duration reattachWithin() {
        return Duration.ofSeconds(15); // a pending probe completes at once; a new probe every second
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
            if (socket != null) {
                socket.close();
            }
        }
        if (pipe != null) {
            PipeApi.INSTANCE.CancelIoEx(pipe, null);
            Kernel32.INSTANCE.CloseHandle(pipe);
        }
    }

    /** One OVERLAPPED with its event, for one direction. */
    private static final class Overlapped {
        private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
        private final HANDLE event = Kernel32.INSTANCE.CreateEvent(null, true, false, null);

        Pointer prepare() {
            Kernel32.INSTANCE.ResetEvent(event);
            ov.Internal = null;
            ov.InternalHigh = null;
            ov.Offset = 0;
            ov.OffsetHigh = 0;
            ov.hEvent = event;
            ov.write();
            return ov.getPointer();
        }

        void await(HANDLE h) throws IOException {
            IntByReference n = new IntByReference();
            if (!PipeApi.INSTANCE.GetOverlappedResult(h, ov.getPointer(), n, true)) {
                throw new IOException("overlapped operation failed: Win32 error " + Native.getLastError());
            }
        }

        /** One overlapped read or write, waited for; bytes moved, or -1 when the pipe is broken or closed. */
        int transfer(HANDLE h, boolean read, Memory buffer, int length) {
            Pointer p = prepare();
            boolean ok = read ? PipeApi.INSTANCE.ReadFile(h, buffer, length, null, p)
                    : PipeApi.INSTANCE.WriteFile(h, buffer, length, null, p);
            if (!ok && Native.getLastError() != ERROR_IO_PENDING) {
                return -1;
            }
            IntByReference n = new IntByReference();
            if (!PipeApi.INSTANCE.GetOverlappedResult(h, p, n, true)) {
                return -1;
            }
            return n.getValue();
        }

        void close() {
            Kernel32.INSTANCE.CloseHandle(event);
        }
    }
}
