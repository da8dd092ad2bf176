package org.infinibay.infiniservice.bootstrap.config;

/** A setting is missing or invalid; the message names the setting and where it came from. */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
