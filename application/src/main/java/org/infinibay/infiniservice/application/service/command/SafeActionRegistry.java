package org.infinibay.infiniservice.application.service.command;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;

/**
 * Finds the executor of an action: exact (PascalCase) name first, then case-insensitively
 * (CONTRACT §8.1). Two executors claiming one name is a wiring error (RegisteredActionsTest).
 *
 * <p>The executors are created on the first command, not at start-up: most of the time an agent
 * only collects metrics, and the executors with everything they use (package managers, service
 * managers, date and pattern tables) are about a hundred classes that would otherwise stay loaded
 * for the life of the service (docs/performance.md).
 */
public final class SafeActionRegistry {
    private final Supplier<Set<SafeActionExecutor>> executors;
    private Map<String, SafeActionExecutor> exact;
    private Map<String, String> folded;

    public SafeActionRegistry(Supplier<Set<SafeActionExecutor>> executors) {
        this.executors = executors;
    }

    private synchronized void load() {
        if (exact != null) {
            return;
        }
        Map<String, SafeActionExecutor> byName = new HashMap<>();
        Map<String, String> lower = new HashMap<>();
        for (SafeActionExecutor e : executors.get()) {
            for (String action : e.actions()) {
                SafeActionExecutor previous = byName.put(action, e);
                if (previous != null && previous != e) {
                    throw new IllegalStateException("two executors claim action " + action);
                }
                lower.put(action.toLowerCase(Locale.ROOT), action);
            }
        }
        folded = lower;
        exact = byName;
    }

    /** The canonical action name and its executor. */
    public synchronized Optional<Map.Entry<String, SafeActionExecutor>> find(String action) {
        load();
        SafeActionExecutor e = exact.get(action);
        if (e != null) {
            return Optional.of(Map.entry(action, e));
        }
        String canonical = folded.get(action.toLowerCase(Locale.ROOT));
        return canonical == null ? Optional.empty() : Optional.of(Map.entry(canonical, exact.get(canonical)));
    }

    public synchronized Set<String> actions() {
        load();
        return new TreeSet<>(exact.keySet());
    }
}
