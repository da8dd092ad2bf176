package org.infinibay.infiniservice.adapters.linux.apps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.exec.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.ApplicationSource;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;

/**
 * {@code data.applications} on Linux (CONTRACT §7.8): the installed-application inventory of
 * {@link Catalog} with usage observed from the metrics cycle's own process samples ({@link UsageBook},
 * persisted in the state store).
 *
 * <p>Sending rule: the full list in the first cycle after start; afterwards, every 5 minutes, only the
 * items whose wire form differs from what was last sent (none: {@code null}, the collection is left
 * out). Items beyond the 1000-item cap wait for the next send. Per cycle the work is one map lookup
 * per process plus the bookkeeping of running applications.
 */
public final class LinuxApplicationSource implements ApplicationSource {
    static final String DOCUMENT = "application-usage";
    static final long SEND_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(5);
    static final long SAVE_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final System.Logger LOG = System.getLogger(LinuxApplicationSource.class.getName());
    private static final Comparator<JsonObject> RELEVANCE = Comparator
            .comparing((JsonObject o) -> !o.bool("is_active").orElse(false))
            .thenComparing(o -> o.string("last_access").orElse(""), Comparator.reverseOrder())
            .thenComparing(o -> o.string("name").orElse(""));

    private final StateStore store;
    private final Catalog catalog;
    private UsageBook book;
    /** Non-desktop applications seen running, for their metadata at send time. */
    private final Map<String, InstalledApp> seen = new HashMap<>();
    private final Map<String, JsonObject> sent = new HashMap<>();
    private boolean fullSent;
    private long lastSendCheck = Long.MIN_VALUE / 2;
    private long savedAt = Long.MIN_VALUE / 2;

    public LinuxApplicationSource(StateStore store, ProgramRunner runner) {
        this(store, AppLocations.standard(), owners(AppLocations.standard(), runner, System::nanoTime));
    }

    LinuxApplicationSource(StateStore store, AppLocations where, PackageOwners owners) {
        this.store = store;
        this.catalog = new Catalog(where, owners);
    }

    /** dpkg's database when present, else rpm through the execution engine, else no package data. */
    static PackageOwners owners(AppLocations where, ProgramRunner runner, LongSupplier nanoClock) {
        if (DpkgIndex.present(where.dpkgDir())) {
            List<Path> dirs = new ArrayList<>(where.binaryDirs());
            return new DpkgIndex(where.dpkgDir(), dirs);
        }
        for (Path dir : where.searchPath()) {
            if (java.nio.file.Files.isExecutable(dir.resolve("rpm"))) {
                return new RpmOwners(runner, nanoClock);
            }
        }
        return PackageOwners.NONE;
    }

    @Override
    public synchronized JsonArray applications(List<ProcessMetric> processes, long epochMillis) {
        if (book == null) {
            book = load();
        }
        if (catalog.refreshIfDue(epochMillis)) {
            seen.clear(); // metadata (version, size) may have changed: re-read on sight
        }
        Map<String, Set<UsageBook.Launch>> running = new HashMap<>();
        for (ProcessMetric p : processes) {
            String exe = p.exePath();
            if (exe == null) {
                continue;
            }
            InstalledApp app = catalog.lookup(exe);
            if (app == null) {
                continue;
            }
            Set<UsageBook.Launch> launches = running.get(exe);
            if (launches == null) {
                launches = new HashSet<>();
                running.put(exe, launches);
                if (!app.fromDesktopEntry()) {
                    seen.put(exe, app);
                }
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
            due = due.subList(0, MetricsTrim.MAX_ITEMS); // the rest stays "changed" for the next send
        }
        for (JsonObject o : due) {
            sent.put(o.string("exe_path").orElseThrow(), o);
        }
        return new JsonArray(new ArrayList<Json>(due));
    }

    /** Every application's wire item now: desktop entries, then executables with recorded usage. */
    private Map<String, JsonObject> current() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (InstalledApp app : catalog.desktopApps().values()) {
            out.put(app.exePath(), AppWire.item(app, book.get(app.exePath())));
        }
        for (Map.Entry<String, UsageBook.Usage> e : book.all().entrySet()) {
            if (out.containsKey(e.getKey())) {
                continue;
            }
            InstalledApp app = seen.get(e.getKey());
            if (app == null) {
                app = catalog.lookup(e.getKey()); // recorded before a restart or a rescan
            }
            if (app != null) {
                out.put(e.getKey(), AppWire.item(app, e.getValue()));
            }
        }
        out.values().removeIf(o -> o == null);
        return out;
    }

    private UsageBook load() {
        try {
            return store.read(DOCUMENT).map(UsageBook::parse).orElseGet(UsageBook::new);
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
