package org.infinibay.infiniservice.bootstrap.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;

/**
 * {@code policy.toml} to {@link GuestPolicy}. Strict: an unknown key, a value of the wrong TOML
 * type or an empty pattern is an error naming the key, because a typo in a deny rule must never
 * silently allow what the owner meant to forbid.
 *
 * <p>Read with the TOML factory's token stream rather than {@code TomlMapper}: an {@code ObjectMapper}
 * would load some 500 databind classes for the life of the agent (docs/performance.md).
 */
final class PolicyFileParser {
    static final Set<String> RULE_TABLES = Set.of("actions", "services", "packages", "processes", "shells", "run_as");
    private static final Set<String> BUDGET_KEYS =
            Set.of("rss_mib", "cpu_percent", "outbound_lines", "outbound_mib", "command_backlog");

    private PolicyFileParser() {
    }

    /** @throws PolicyFileException with a message naming the offending key */
    static GuestPolicy parse(String text) {
        try (JsonParser p = new TomlFactory().createParser(text)) {
            return parse(p);
        } catch (JacksonException e) {
            throw new PolicyFileException("not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            // A String source cannot fail to read; kept typed for the caller's catch-all.
            throw new UncheckedIOException(e);
        }
    }

    private static GuestPolicy parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return GuestPolicy.DEFAULT;
        }
        boolean unsafe = true;
        boolean scripts = true;
        PatternRule[] rules = new PatternRule[6];
        SelfBudget budget = SelfBudget.DEFAULT;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "unsafe_commands":
                    unsafe = bool(key, v);
                    break;
                case "scripts":
                    scripts = bool(key, v);
                    break;
                case "budget":
                    budget = budget(p, v);
                    break;
                default:
                    if (!RULE_TABLES.contains(key)) {
                        throw new PolicyFileException("unknown key '" + key + "' (expected unsafe_commands, scripts, "
                                + "budget, actions, services, packages, processes, shells, run_as)");
                    }
                    rules[index(key)] = rule(p, key, v);
            }
        }
        return new GuestPolicy(unsafe, scripts, rules[0], rules[1], rules[2], rules[3], rules[4], rules[5], budget);
    }

    private static int index(String table) {
        switch (table) {
            case "actions":
                return 0;
            case "services":
                return 1;
            case "packages":
                return 2;
            case "processes":
                return 3;
            case "shells":
                return 4;
            default:
                return 5;
        }
    }

    private static boolean bool(String key, JsonToken v) {
        if (!v.isBoolean()) {
            throw new PolicyFileException("'" + key + "' must be true or false");
        }
        return v == JsonToken.VALUE_TRUE;
    }

    private static PatternRule rule(JsonParser p, String table, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            throw new PolicyFileException("'" + table + "' must be a table with allow and/or deny");
        }
        List<String> allow = null;
        List<String> deny = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            String key = table + "." + name;
            JsonToken value = p.nextToken();
            if (name.equals("allow")) {
                allow = patterns(p, key, value);
            } else if (name.equals("deny")) {
                deny = patterns(p, key, value);
            } else {
                throw new PolicyFileException("unknown key '" + key + "' (expected allow or deny)");
            }
        }
        return new PatternRule(allow, deny);
    }

    private static List<String> patterns(JsonParser p, String key, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            throw new PolicyFileException("'" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new PolicyFileException("'" + key + "' must be an array of strings");
            }
            String pattern = p.getText().trim();
            if (pattern.isEmpty() || pattern.length() > 256) {
                throw new PolicyFileException("'" + key + "': a pattern must be 1-256 characters");
            }
            out.add(pattern);
        }
        return out;
    }

    private static SelfBudget budget(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            throw new PolicyFileException("'budget' must be a table");
        }
        SelfBudget d = SelfBudget.DEFAULT;
        int[] values = {d.rssMib(), d.cpuPercent(), d.outboundLines(), d.outboundMib(), d.commandBacklog()};
        List<String> order = List.of("rss_mib", "cpu_percent", "outbound_lines", "outbound_mib", "command_backlog");
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            String key = "budget." + name;
            if (!BUDGET_KEYS.contains(name)) {
                throw new PolicyFileException("unknown key '" + key + "' (expected " + String.join(", ", order) + ")");
            }
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || !fitsInt(p)) {
                throw new PolicyFileException("'" + key + "' must be a whole number");
            }
            values[order.indexOf(name)] = p.getIntValue();
        }
        try {
            return new SelfBudget(values[0], values[1], values[2], values[3], values[4]);
        } catch (IllegalArgumentException e) {
            throw new PolicyFileException("budget." + e.getMessage());
        }
    }

    private static boolean fitsInt(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT) {
            return true;
        }
        if (type == JsonParser.NumberType.LONG) {
            long l = p.getLongValue();
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
        }
        return false;
    }
}
