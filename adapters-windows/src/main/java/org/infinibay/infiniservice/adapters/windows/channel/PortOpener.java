package org.infinibay.infiniservice.adapters.windows.channel;

/** Opens a port path once with overlapped I/O. Production: {@link Win32OverlappedPort#open}. */
@FunctionalInterface
public interface PortOpener {

    PortIo open(String path) throws PortOpenException;

    /** An open failed with a Win32 error code. */
    final class PortOpenException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int errorCode;

        public PortOpenException(int errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }

        public int errorCode() {
            return errorCode;
        }
    }
}
