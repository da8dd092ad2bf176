package org.infinibay.infiniservice.adapters.windows.channel;

import org.infinibay.infiniservice.application.port.out.LineFramer;
import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.GuardedListener;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.time.Backoff;

/**
 * A real UART, used only when the operator names it ({@code --device COM3}); never found by
 * discovery (CONTRACT §1.4, pitfall P7). A UART has no attach signal: the port counts as attached
 * while it is open, and the regular metrics cadence re-teaches the clock (§3.4 "platform without
 * attach signal"). Reads poll with a 1 s timeout so {@link #close()} is seen promptly.
 */
public final class ComPortHostChannel implements HostChannel {
    private static final System.Logger LOG = Logs.get(ComPortHostChannel.class);
    private static final int BAUD = 115_200;

    private final String portName;
    private final LineFramer framer = new LineFramer();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final Object writeLock = new Object();
    private volatile SerialPort port;

    public ComPortHostChannel(String portName) {
        this.portName = WindowsDeviceLocator.comPortName(portName);
    }

    @Override
    public void run(HostChannelListener hostListener) throws InterruptedException {
        // one exception (or error) in the core while it handles an event must not end the receive loop
        HostChannelListener listener = GuardedListener.guard(hostListener);
        Backoff reopen = Backoff.reopen(); // §3.6
        while (closedSignal.getCount() > 0) {
            SerialPort p = SerialPort.getCommPort(portName);
            p.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 1_000, 5_000);
            boolean opened = p.openPort();
            if (opened) {
                reopen.reset();
                port = p;
                LOG.log(Level.INFO, "Opened serial port {0} (explicit --device)", portName);
                framer.reset();
                listener.attached();
                try {
                    pump(p, listener);
                } finally {
                    port = null;
                    p.closePort();
                    framer.reset();
                    listener.detached();
                }
            }
            long delay = reopen.nextMillis();
            if (!opened) {
                LOG.log(Level.WARNING, "Cannot open serial port {0}; retrying in {1} ms", portName, delay);
            }
            if (closedSignal.await(delay, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void pump(SerialPort p, HostChannelListener listener) {
        byte[] buffer = new byte[8192];
        while (closedSignal.getCount() > 0) {
            int n = p.readBytes(buffer, buffer.length);
            if (n < 0) {
                LOG.log(Level.WARNING, "Serial port {0} failed; reopening", portName);
                return;
            }
            if (n > 0) {
                framer.feed(buffer, 0, n, listener);
            }
        }
    }

    @Override
    public void writeLine(String asciiLine) throws HostDetachedException, IOException {
        SerialPort p = port;
        if (p == null) {
            throw new HostDetachedException("serial port " + portName + " is not open");
        }
        byte[] bytes = (asciiLine + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            int off = 0;
            while (off < bytes.length) {
                int n = p.writeBytes(bytes, bytes.length - off, off);
                if (n < 0) {
                    throw new IOException("write to serial port " + portName + " failed");
                }
                if (n == 0) {
                    throw new HostDetachedException("write to serial port " + portName + " timed out");
                }
                off += n;
            }
        }
    }

    @Override
    public String describe() {
        return "serial:" + portName;
    }

    @Override
    public void close() {
        closedSignal.countDown();
    }
}
