package org.infinibay.infiniservice.application.service.policy;

import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * The agent's resource budget. Crossing one is reported (an {@code agent_event}, at most once per
 * budget per 10 minutes) and makes the agent shed work instead of growing.
 *
 * @param rssMib         resident set size, MiB
 * @param cpuPercent     process CPU time over the last minute, percent of one core
 * @param outboundLines  lines waiting in the outbound queue
 * @param outboundMib    bytes waiting in the outbound queue, MiB
 * @param commandBacklog commands waiting for a worker; at this depth new commands are refused
 */
public record SelfBudget(int rssMib, int cpuPercent, int outboundLines, int outboundMib, int commandBacklog) {
    public static final SelfBudget DEFAULT = new SelfBudget(128, 20, 500, 8, 128);

    public SelfBudget {
        check("rss_mib", rssMib, 16, 65_536);
        check("cpu_percent", cpuPercent, 1, 6_400);
        check("outbound_lines", outboundLines, 10, 1000);
        check("outbound_mib", outboundMib, 1, 16);
        check("command_backlog", commandBacklog, 1, 256);
    }

    public long rssBytes() {
        return rssMib * 1024L * 1024L;
    }

    public long outboundBytes() {
        return outboundMib * 1024L * 1024L;
    }

    public JsonObject toJson() {
        return JsonObject.builder()
                .put("rss_mib", rssMib)
                .put("cpu_percent", cpuPercent)
                .put("outbound_lines", outboundLines)
                .put("outbound_mib", outboundMib)
                .put("command_backlog", commandBacklog)
                .build();
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", got " + value);
        }
    }
}
