package org.infinibay.infiniservice.application.service.command;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;

/**
 * Finds the executor of an action: exact (PascalCase) name first, then case-insensitively
 * (CONTRACT §8.1). Two executors claiming one name is a wiring error caught at start-up.
 */
public final class SafeActionRegistry {
    private final Map<String, SafeActionExecutor> exact = new HashMap<>();
    private final Map<String, String> folded = new HashMap<>();

    public SafeActionRegistry(Set<SafeActionExecutor> executors) {
        for (SafeActionExecutor e : executors) {
            for (String action : e.actions()) {
                SafeActionExecutor previous = exact.put(action, e);
                if (previous != null && previous != e) {
                    throw new IllegalStateException("two executors claim action " + action);
                }
                folded.put(action.toLowerCase(Locale.ROOT), action);
            }
        }
    }

    /** The canonical action name and its executor. */
    public Optional<Map.Entry<String, SafeActionExecutor>> find(String action) {
        SafeActionExecutor e = exact.get(action);
        if (e != null) {
            return Optional.of(Map.entry(action, e));
        }
        String canonical = folded.get(action.toLowerCase(Locale.ROOT));
        return canonical == null ? Optional.empty() : Optional.of(Map.entry(canonical, exact.get(canonical)));
    }

    public Set<String> actions() {
        return new TreeSet<>(exact.keySet());
    }
}
