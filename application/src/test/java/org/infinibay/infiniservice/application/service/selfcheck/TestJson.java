package org.infinibay.infiniservice.application.service.selfcheck;

import java.util.Map;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/** A writer good enough to check what the watcher stores (the real codec lives in adapters-serial). */
final class TestJson implements JsonCodec {
    @Override
    public Json parse(String text) throws MalformedJsonException {
        throw new MalformedJsonException("not needed in these tests");
    }

    @Override
    public String write(JsonObject value) {
        return render(value);
    }

    static String render(Json v) {
        if (v instanceof JsonObject o) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<String, Json> e : o.fields().entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append('"').append(e.getKey()).append("\":").append(render(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof JsonArray a) {
            StringBuilder b = new StringBuilder("[");
            for (Json item : a.items()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(render(item));
            }
            return b.append(']').toString();
        }
        if (v instanceof JsonString s) {
            return '"' + s.value() + '"';
        }
        if (v instanceof JsonInt i) {
            return String.valueOf(i.value());
        }
        if (v instanceof JsonFloat f) {
            return String.valueOf(f.value());
        }
        if (v instanceof JsonBool b) {
            return String.valueOf(b.value());
        }
        return "null";
    }
}
