package org.infinibay.infiniservice.domain.json;

/** A JSON number written without fraction or exponent. */
public record JsonInt(long value) implements Json {
}
