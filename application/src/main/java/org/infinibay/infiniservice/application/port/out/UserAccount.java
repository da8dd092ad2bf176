package org.infinibay.infiniservice.application.port.out;

/** A local account as the passwd database describes it; {@code home} may be {@code null}. */
public record UserAccount(String name, long uid, long gid, String home) {
}
