package org.infinibay.infiniservice.domain.json;

public enum JsonBool implements Json {
    TRUE, FALSE;

    public boolean value() {
        return this == TRUE;
    }
}
