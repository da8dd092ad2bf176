package org.infinibay.infiniservice.domain.json;

/** Why {@link JsonReader} refused its input; the message names the kind and offset, never content. */
public final class JsonReadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Kind {
        SYNTAX,
        DUPLICATE_KEY,
        NUMBER_OUT_OF_RANGE,
        TOO_DEEP,
        TOO_MANY_VALUES
    }

    private final Kind kind;

    public JsonReadException(Kind kind, int offset) {
        super("malformed JSON (" + kind + ") at offset " + offset, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
