package org.infinibay.infiniservice.application.service.apps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AppInfo;
import org.infinibay.infiniservice.application.port.out.ApplicationSource;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;

/**
 * {@code data.applications} (CONTRACT §7.8) on every platform, from the metrics cycle's own process
 * samples: every executable the platform's {@link AppCatalog} recognises as an application is tracked
 * in a {@link UsageBook} (launches, observed runtime), persisted in the state store.
 *
 * <p>Sending rule: the full list in the first cycle after start (the catalog's
 * {@link AppCatalog#installed() installed} applications, then every executable with recorded usage);
 * afterwards at most every 5 minutes, only the items whose wire form changed (none: {@code null}, the
 * collection is left out). Items beyond the 1000-item cap wait for the next send. Per cycle the work
 * is one map lookup per process plus the bookkeeping of running applications.
 */
public final class TrackedApplicationSource implements ApplicationSource {
    public static final String DOCUMENT = "application-usage";
    static final long SEND_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(5);
    static final long SAVE_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(1);
    /** Bound of the per-refresh memo of looked-up executables (mostly "not an application"). */
    static final int SEEN_MAX = 8192;
    private static final System.Logger LOG = Logs.get(TrackedApplicationSource.class);
    /**
     * Active first, then the latest {@code last_access} first, then by name: written out, since
     * {@code Comparator.comparing(...).thenComparing(...)} spins six lambda proxies at start.
     */
    static final Comparator<JsonObject> RELEVANCE = new Relevance();

    private static final class Relevance implements Comparator<JsonObject> {
        @Override
        public int compare(JsonObject a, JsonObject b) {
            int c = Boolean.compare(!a.bool("is_active").orElse(false), !b.bool("is_active").orElse(false));
            if (c != 0) {
                return c;
            }
            c = b.string("last_access").orElse("").compareTo(a.string("last_access").orElse(""));
            if (c != 0) {
                return c;
            }
            return a.string("name").orElse("").compareTo(b.string("name").orElse(""));
        }
    }

    private final StateStore store;
    private final AppCatalog catalog;
    private UsageBook book;
    private final Map<String, AppInfo> seen = new HashMap<>();
    private final Map<String, JsonObject> sent = new HashMap<>();
    private boolean fullSent;
    private long lastSendCheck = Long.MIN_VALUE / 2;
    private long savedAt = Long.MIN_VALUE / 2;

    public TrackedApplicationSource(StateStore store, AppCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @Override
    public synchronized JsonArray applications(List<ProcessMetric> processes, long epochMillis) {
        if (book == null) {
            book = load();
        }
        if (catalog.refreshIfDue(epochMillis)) {
            seen.clear(); // versions and sizes may have changed: re-read on sight
        }
        Map<String, Set<UsageBook.Launch>> running = new HashMap<>();
        for (ProcessMetric p : processes) {
            String exe = p.exePath();
            if (exe == null || exe.isEmpty()) {
                continue;
            }
            Set<UsageBook.Launch> launches = running.get(exe);
            if (launches == null) {
                AppInfo app = known(exe);
                if (app == null) {
                    continue;
                }
                launches = new HashSet<>();
                running.put(exe, launches);
            }
            launches.add(new UsageBook.Launch(p.pid(), p.startTimeMillis() == null ? 0 : p.startTimeMillis()));
        }
        catalog.afterCycle();
        book.observe(running, epochMillis);
        save(epochMillis, false);

        if (fullSent && epochMillis - lastSendCheck < SEND_EVERY_MILLIS) {
            return null;
        }
        lastSendCheck = epochMillis;
        List<JsonObject> due = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : current().entrySet()) {
            if (!fullSent || !e.getValue().equals(sent.get(e.getKey()))) {
                due.add(e.getValue());
            }
        }
        fullSent = true;
        if (due.isEmpty()) {
            return null;
        }
        due.sort(RELEVANCE);
        if (due.size() > MetricsTrim.MAX_ITEMS) {
            due = due.subList(0, MetricsTrim.MAX_ITEMS);
        }
        for (JsonObject o : due) {
            sent.put(o.string("exe_path").orElseThrow(), o);
        }
        return new JsonArray(new ArrayList<Json>(due));
    }

    /**
     * The catalog's answer, remembered until the next refresh: {@code null} too, so a system binary is
     * looked up once per refresh; a pending answer is asked again next cycle.
     */
    private AppInfo known(String exe) {
        if (seen.containsKey(exe)) {
            return seen.get(exe);
        }
        AppInfo app = catalog.lookup(exe);
        if (app != null || !catalog.pending(exe)) {
            if (seen.size() >= SEEN_MAX) {
                seen.clear();
            }
            seen.put(exe, app);
        }
        return app;
    }

    /** Every application's wire item now: the installed ones, then executables with recorded usage. */
    private Map<String, JsonObject> current() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (AppInfo app : catalog.installed()) {
            put(out, app, book.get(app.exePath()));
        }
        for (Map.Entry<String, UsageBook.Usage> e : book.all().entrySet()) {
            if (!out.containsKey(e.getKey())) {
                AppInfo app = known(e.getKey()); // may be recorded before a restart or a rescan
                if (app != null) {
                    put(out, app, e.getValue());
                }
            }
        }
        return out;
    }

    private static void put(Map<String, JsonObject> out, AppInfo app, UsageBook.Usage usage) {
        JsonObject item = ApplicationWire.item(app, usage);
        if (item != null) {
            out.put(app.exePath(), item);
        }
    }

    private UsageBook load() {
        try {
            Optional<byte[]> saved = store.read(DOCUMENT);
            return saved.isPresent() ? UsageBook.parse(saved.get()) : new UsageBook();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "application usage not loaded, starting afresh: {0}", e.getMessage());
            return new UsageBook();
        }
    }

    private void save(long now, boolean force) {
        if (!book.dirty() || (!force && now - savedAt < SAVE_EVERY_MILLIS)) {
            return;
        }
        savedAt = now;
        try {
            store.write(DOCUMENT, book.serialize());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "application usage not saved: {0}", e.getMessage());
        }
    }

    /** Writes pending usage now (shutdown, tests). */
    public synchronized void flush() {
        if (book != null) {
            save(Long.MAX_VALUE, true);
        }
    }
}
