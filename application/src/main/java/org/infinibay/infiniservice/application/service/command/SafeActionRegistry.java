package org.infinibay.infiniservice.application.service.command;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.port.out.GuestPlatform;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Finds the executor of an action: exact (PascalCase) name first, then case-insensitively
 * (CONTRACT §8.1). Two executors claiming one name is a wiring error. An action of the catalogue
 * ({@link SafeAction}) that no executor of this guest handles (its port is not bound here) is
 * answered by {@link NotSupported}: 126 and {@code {"supported":false,"platform":<name>}} (§8.5),
 * running nothing; only names outside the catalogue are unknown (127).
 *
 * <p>The executors are created on the first command, not at start-up: most of the time an agent
 * only collects metrics, and the executors with everything they use (package managers, service
 * managers, date and pattern tables) are about a hundred classes that would otherwise stay loaded
 * for the life of the service (docs/performance.md).
 */
public final class SafeActionRegistry {
    private final Supplier<Set<SafeActionExecutor>> executors;
    private final GuestPlatform platform;
    private Map<String, SafeActionExecutor> exact;
    private Map<String, String> folded;

    /** Only what the executors handle: a catalogue action without one is unknown (tests of the dispatcher). */
    public SafeActionRegistry(Supplier<Set<SafeActionExecutor>> executors) {
        this(executors, null);
    }

    /** @param platform the running guest, named in the "not supported" answers; {@code null}: none */
    public SafeActionRegistry(Supplier<Set<SafeActionExecutor>> executors, GuestPlatform platform) {
        this.executors = executors;
        this.platform = platform;
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
        if (platform != null) {
            NotSupported notSupported = new NotSupported(platform);
            for (String action : SafeAction.names()) {
                if (byName.putIfAbsent(action, notSupported) == null) {
                    lower.put(action.toLowerCase(Locale.ROOT), action);
                }
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

    /** Every name answered: the handled ones and the catalogue's "not supported" ones. */
    public synchronized Set<String> actions() {
        load();
        return new TreeSet<>(exact.keySet());
    }

    /** The catalogue actions this guest has no handler for. */
    public synchronized Set<String> notSupported() {
        load();
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, SafeActionExecutor> e : exact.entrySet()) {
            if (e.getValue() instanceof NotSupported) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    /**
     * Answers a catalogue action this guest cannot run promptly with 126 and
     * {@code {"supported":false,"platform":...}}, running nothing (CONTRACT §8.5).
     */
    static final class NotSupported implements SafeActionExecutor {
        private final GuestPlatform platform;

        NotSupported(GuestPlatform platform) {
            this.platform = platform;
        }

        @Override
        public Set<String> actions() {
            return Set.of();
        }

        @Override
        public ActionResult execute(ActionRequest request) {
            JsonObject data = JsonObject.builder().put("supported", false).put("platform", platform.name()).build();
            return ActionResult.failure(ExitCodes.NOT_SUPPORTED,
                    request.action() + " is not supported on " + platform.displayName(), data);
        }
    }
}
