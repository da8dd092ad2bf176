package org.infinibay.infiniservice.domain.json;

/** A JSON number that may carry a fraction. Always finite. */
public record JsonFloat(double value) implements Json {
    public JsonFloat {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no NaN or Infinity");
        }
    }
}
