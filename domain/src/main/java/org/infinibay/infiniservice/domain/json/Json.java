package org.infinibay.infiniservice.domain.json;

/**
 * A JSON value as the wire carries it. The application speaks this tree; the serial adapter turns
 * it into bytes and back, so no JSON library leaks into the core. Integers and floats are distinct
 * because the host has integer columns that reject fractions (CONTRACT §2.2).
 */
public sealed interface Json permits JsonObject, JsonArray, JsonString, JsonInt, JsonFloat, JsonBool, JsonNull {

    static Json of(String s) {
        return s == null ? JsonNull.INSTANCE : new JsonString(s);
    }

    static Json of(long n) {
        return new JsonInt(n);
    }

    /** A float that is never NaN or infinite: a non-finite value becomes 0 (CONTRACT §2.2). */
    static Json of(double d) {
        return new JsonFloat(Double.isFinite(d) ? d : 0.0);
    }

    static Json of(boolean b) {
        return b ? JsonBool.TRUE : JsonBool.FALSE;
    }

    default boolean isNull() {
        return this instanceof JsonNull;
    }
}
