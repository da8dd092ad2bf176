package org.infinibay.infiniservice.bootstrap.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;

/**
 * {@code policy.toml} to {@link GuestPolicy}. Strict: an unknown key, a value of the wrong TOML
 * type or an empty pattern is an error naming the key, because a typo in a deny rule must never
 * silently allow what the owner meant to forbid.
 */
final class PolicyFileParser {
    static final Set<String> RULE_TABLES = Set.of("actions", "services", "packages", "processes", "shells", "run_as");
    private static final Set<String> BUDGET_KEYS =
            Set.of("rss_mib", "cpu_percent", "outbound_lines", "outbound_mib", "command_backlog");

    private PolicyFileParser() {
    }

    /** @throws PolicyFileException with a message naming the offending key */
    static GuestPolicy parse(String text) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new PolicyFileException("not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isMissingNode()) {
            return GuestPolicy.DEFAULT;
        }
        boolean unsafe = true;
        boolean scripts = true;
        PatternRule[] rules = new PatternRule[6];
        SelfBudget budget = SelfBudget.DEFAULT;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "unsafe_commands":
                    unsafe = bool(key, v);
                    break;
                case "scripts":
                    scripts = bool(key, v);
                    break;
                case "budget":
                    budget = budget(v);
                    break;
                default:
                    if (!RULE_TABLES.contains(key)) {
                        throw new PolicyFileException("unknown key '" + key + "' (expected unsafe_commands, scripts, "
                                + "budget, actions, services, packages, processes, shells, run_as)");
                    }
                    rules[index(key)] = rule(key, v);
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

    private static boolean bool(String key, JsonNode v) {
        if (!v.isBoolean()) {
            throw new PolicyFileException("'" + key + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static PatternRule rule(String table, JsonNode v) {
        if (!v.isObject()) {
            throw new PolicyFileException("'" + table + "' must be a table with allow and/or deny");
        }
        List<String> allow = null;
        List<String> deny = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = table + "." + e.getKey();
            if (e.getKey().equals("allow")) {
                allow = patterns(key, e.getValue());
            } else if (e.getKey().equals("deny")) {
                deny = patterns(key, e.getValue());
            } else {
                throw new PolicyFileException("unknown key '" + key + "' (expected allow or deny)");
            }
        }
        return new PatternRule(allow, deny);
    }

    private static List<String> patterns(String key, JsonNode v) {
        if (!v.isArray()) {
            throw new PolicyFileException("'" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new PolicyFileException("'" + key + "' must be an array of strings");
            }
            String p = item.textValue().trim();
            if (p.isEmpty() || p.length() > 256) {
                throw new PolicyFileException("'" + key + "': a pattern must be 1-256 characters");
            }
            out.add(p);
        }
        return out;
    }

    private static SelfBudget budget(JsonNode v) {
        if (!v.isObject()) {
            throw new PolicyFileException("'budget' must be a table");
        }
        SelfBudget d = SelfBudget.DEFAULT;
        int[] values = {d.rssMib(), d.cpuPercent(), d.outboundLines(), d.outboundMib(), d.commandBacklog()};
        List<String> order = List.of("rss_mib", "cpu_percent", "outbound_lines", "outbound_mib", "command_backlog");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "budget." + e.getKey();
            if (!BUDGET_KEYS.contains(e.getKey())) {
                throw new PolicyFileException("unknown key '" + key + "' (expected " + String.join(", ", order) + ")");
            }
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
                throw new PolicyFileException("'" + key + "' must be a whole number");
            }
            values[order.indexOf(e.getKey())] = e.getValue().intValue();
        }
        try {
            return new SelfBudget(values[0], values[1], values[2], values[3], values[4]);
        } catch (IllegalArgumentException e) {
            throw new PolicyFileException("budget." + e.getMessage());
        }
    }
}
