package org.infinibay.infiniservice.domain.json;

/** JSON {@code null}; the contract reads it exactly like an absent key. */
public enum JsonNull implements Json {
    INSTANCE
}
