package org.infinibay.infiniservice.application.port.out;

/** No host is attached, so a line could not be written; the writer keeps it per §3.5. */
public class HostDetachedException extends Exception {
    private static final long serialVersionUID = 1L;

    public HostDetachedException(String message) {
        super(message);
    }
}
