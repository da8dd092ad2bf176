package org.infinibay.infiniservice.bootstrap.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.selfcheck.BudgetWatcher;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.bootstrap.diagnose.DiagnoseSection;

/**
 * The {@code policy} and {@code self} sections of {@code diagnose}. {@code diagnose} is a separate
 * process, so the self figures are the running agent's: the state document it writes every minute,
 * printed with its age.
 */
public final class PolicyDiagnostics implements DiagnoseSection {
    private final LoadedPolicy policy;
    private final StateStore store;

    public PolicyDiagnostics(LoadedPolicy policy, StateStore store) {
        this.policy = policy;
        this.store = store;
    }

    @Override
    public void report(PrintStream out, List<String> problems) {
        GuestPolicy p = policy.policy();
        out.println("policy:        " + (policy.error() == null ? policy.source() : policy.source() + " REFUSED")
                + " (" + policy.digest() + ")");
        if (policy.error() != null) {
            out.println("               ERROR: " + policy.error());
            out.println("               LOCKED until this is fixed (and the agent restarted): no unsafe commands, no "
                    + "scripts, only read-only actions; metrics continue");
            problems.add("guest policy file refused (agent locked down): " + policy.error());
        }
        List<String> restricted = p.restricted();
        out.println("               unsafe_commands=" + p.unsafeCommands() + ", scripts=" + p.scripts()
                + ", restricted: " + (restricted.isEmpty() ? "nothing" : String.join(", ", restricted)));
        SelfBudget b = p.budget();
        out.println("self budget:   rss " + b.rssMib() + " MiB, cpu " + b.cpuPercent() + " % of a core over 1 min, "
                + "outbound " + b.outboundLines() + " lines / " + b.outboundMib() + " MiB, command backlog "
                + b.commandBacklog());
        Optional<byte[]> doc;
        try {
            doc = store.read(BudgetWatcher.STATUS_DOCUMENT);
        } catch (IOException | RuntimeException e) {
            out.println("self:          " + BudgetWatcher.STATUS_DOCUMENT + " unreadable: " + e.getMessage());
            return;
        }
        if (doc.isEmpty()) {
            out.println("self:          no figures yet (the agent writes " + BudgetWatcher.STATUS_DOCUMENT
                    + " in the state directory once a minute while it runs)");
            return;
        }
        try {
            JsonNode s = new ObjectMapper().readTree(doc.get());
            String age = "";
            try {
                Duration d = Duration.between(Instant.parse(s.path("at").asText()), Instant.now());
                age = ", " + d.toSeconds() + " s ago" + (d.toMinutes() >= 3 ? " (STALE: is the agent running?)" : "");
            } catch (RuntimeException e) {
                age = ", at an unreadable time";
            }
            out.println("self:          agent pid " + s.path("pid").asLong() + " at " + s.path("at").asText() + age);
            out.println("               rss " + mib(s.path("rss_bytes").asLong()) + " MiB (" + s.path("rss_source").asText()
                    + "), heap used " + mib(s.path("heap_used_bytes").asLong()) + " MiB, threads "
                    + s.path("threads").asInt() + ", cpu " + (s.path("cpu_percent_1m").isNumber()
                    ? s.path("cpu_percent_1m").asDouble() + " %" : "(not yet averaged)"));
            out.println("               outbound " + s.path("outbound_lines").asInt() + " lines / "
                    + s.path("outbound_bytes").asLong() + " B, command backlog " + s.path("command_backlog").asInt()
                    + ", commands refused " + s.path("commands_refused").asLong() + ", shedding "
                    + (s.path("shedding").asBoolean() ? "YES" : "no") + ", over budget: "
                    + (s.path("over").isArray() && s.path("over").size() > 0 ? s.path("over").toString() : "none"));
        } catch (IOException | RuntimeException e) {
            out.println("self:          " + BudgetWatcher.STATUS_DOCUMENT + " unreadable: " + e.getMessage());
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
