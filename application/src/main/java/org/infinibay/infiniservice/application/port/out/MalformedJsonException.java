package org.infinibay.infiniservice.application.port.out;

/** The text is not well-formed JSON. The message never contains the text itself. */
public class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedJsonException(String message) {
        super(message);
    }
}
