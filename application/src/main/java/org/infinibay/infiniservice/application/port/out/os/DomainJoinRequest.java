package org.infinibay.infiniservice.application.port.out.os;

/**
 * A validated join request. The password is a char array the caller wipes afterwards; it is never
 * part of {@link #toString()} (CONTRACT §8.5.12, pitfall P5).
 */
public record DomainJoinRequest(String domain, String username, char[] password, String ou, String computerName) {
    @Override
    public String toString() {
        return "DomainJoinRequest[domain=" + domain + ", username=" + username + ", ou=" + ou + ", computerName="
                + computerName + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
