package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;

/**
 * The active firewall, in order ufw, firewalld, nftables, iptables (front-ends before the rule
 * engines they drive). When none is active, the first installed one is reported as inactive.
 */
public final class LinuxFirewallInspector implements FirewallInspector {
    private final Commands commands;

    public LinuxFirewallInspector(Commands commands) {
        this.commands = commands;
    }

    @Override
    public FirewallStatus inspect(Deadline deadline) throws OsOperationException, InterruptedException {
        FirewallStatus firstInstalled = null;
        if (commands.programs().has("ufw")) {
            FirewallStatus s = parseUfw(commands.run(deadline, "ufw", "status", "verbose").stdout());
            if (s.enabled()) {
                return s;
            }
            firstInstalled = s;
        }
        if (commands.programs().has("firewall-cmd")) {
            ExecResult state = commands.run(deadline, "firewall-cmd", "--state");
            if (state.stdout().strip().equals("running")) {
                String zone = commands.run(deadline, "firewall-cmd", "--get-default-zone").stdout().strip();
                String active = commands.run(deadline, "firewall-cmd", "--get-active-zones").stdout();
                String all = commands.run(deadline, "firewall-cmd", "--list-all").stdout();
                return parseFirewalld(zone, active, all);
            }
            if (firstInstalled == null) {
                firstInstalled = new FirewallStatus("firewalld", false, "not running", 0, null, null, null,
                        state.stdout() + state.stderr());
            }
        }
        if (commands.programs().has("nft")) {
            ExecResult r = commands.run(deadline, "nft", "list", "ruleset");
            if (r.exitCode() == 0) {
                FirewallStatus s = parseNft(r.stdout());
                if (s.enabled()) {
                    return s;
                }
                if (firstInstalled == null) {
                    firstInstalled = s;
                }
            }
        }
        if (commands.programs().has("iptables")) {
            ExecResult r = commands.run(deadline, "iptables", "-S");
            if (r.exitCode() == 0) {
                FirewallStatus s = parseIptables(r.stdout());
                if (s.enabled()) {
                    return s;
                }
                if (firstInstalled == null) {
                    firstInstalled = s;
                }
            }
        }
        return firstInstalled == null ? FirewallStatus.none() : firstInstalled;
    }


    /** {@code ufw status verbose}. "inactive" is tested before "active" (pitfall P20). */
    static FirewallStatus parseUfw(String out) {
        String status = "unknown";
        for (String line : out.split("\n")) {
            String l = line.strip().toLowerCase(Locale.ROOT);
            if (l.startsWith("status:")) {
                String v = l.substring(7).strip();
                if (v.startsWith("inactive")) {
                    status = "inactive";
                } else if (v.startsWith("active")) {
                    status = "active";
                }
                break;
            }
        }
        String in = null;
        String outgoing = null;
        Matcher m = Patterns.UFW_DEFAULT.matcher(out);
        if (m.find()) {
            in = m.group(1);
            outgoing = m.group(2);
        }
        int rules = 0;
        boolean inTable = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("--")) {
                inTable = true;
            } else if (inTable && !line.isBlank()) {
                rules++;
            } else if (inTable) {
                inTable = false;
            }
        }
        return new FirewallStatus("ufw", status.equals("active"), status, rules, in, outgoing, null, out);
    }

    static FirewallStatus parseFirewalld(String defaultZone, String activeZones, String listAll) {
        List<String> zones = new ArrayList<>();
        for (String line : activeZones.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                zones.add(line.strip());
            }
        }
        int rules = 0;
        String target = "default";
        for (String line : listAll.split("\n")) {
            String l = line.strip();
            int c = l.indexOf(':');
            if (c <= 0) {
                continue;
            }
            String key = l.substring(0, c);
            String value = l.substring(c + 1).strip();
            if (key.equals("target")) {
                target = value;
            } else if (List.of("services", "ports", "rich rules", "forward-ports", "source-ports", "protocols")
                    .contains(key) && !value.isEmpty()) {
                rules += value.split("\\s+").length;
            }
        }
        String incoming = target.equalsIgnoreCase("default") || target.equalsIgnoreCase("%%REJECT%%") ? "reject"
                : target.toLowerCase(Locale.ROOT);
        if (zones.isEmpty() && !defaultZone.isEmpty()) {
            zones.add(defaultZone);
        }
        return new FirewallStatus("firewalld", true, "running", rules, incoming, "allow", zones,
                listAll);
    }


    /** {@code nft list ruleset}: statements inside chains are rules; base-chain policies are defaults. */
    static FirewallStatus parseNft(String out) {
        int rules = 0;
        String in = null;
        String outPolicy = null;
        for (String line : out.split("\n")) {
            String l = line.strip();
            Matcher m = Patterns.NFT_HOOK.matcher(l);
            if (m.find()) {
                if (m.group(1).equals("input")) {
                    in = m.group(2);
                } else {
                    outPolicy = m.group(2);
                }
                continue;
            }
            if (l.isEmpty() || l.startsWith("table ") || l.startsWith("chain ") || l.equals("}")
                    || l.startsWith("type ") || l.startsWith("#") || l.startsWith("set ") || l.startsWith("elements")
                    || l.startsWith("flags ") || l.startsWith("policy ")) {
                continue;
            }
            rules++;
        }
        boolean enabled = rules > 0 || "drop".equals(in);
        return new FirewallStatus("nftables", enabled, enabled ? "active" : "inactive", rules, in, outPolicy, null,
                out);
    }

    /** {@code iptables -S}: {@code -P CHAIN POLICY} defaults, {@code -A} rules. */
    static FirewallStatus parseIptables(String out) {
        int rules = 0;
        String in = null;
        String outPolicy = null;
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals("-P")) {
                if (f[1].equals("INPUT")) {
                    in = f[2].toLowerCase(Locale.ROOT);
                } else if (f[1].equals("OUTPUT")) {
                    outPolicy = f[2].toLowerCase(Locale.ROOT);
                }
            } else if (f.length >= 2 && f[0].equals("-A")) {
                rules++;
            }
        }
        boolean enabled = rules > 0 || (in != null && !in.equals("accept"));
        return new FirewallStatus("iptables", enabled, enabled ? "active" : "inactive", rules, in, outPolicy, null,
                out);
    }

    /** Compiled by the first parse that needs them, not when the safe-action set is built (no regex machinery before). */
    private static final class Patterns {
        static final Pattern UFW_DEFAULT = Pattern.compile("Default:\\s*(\\w+) \\(incoming\\),\\s*(\\w+) \\(outgoing\\)");
        static final Pattern NFT_HOOK = Pattern.compile("hook (input|output)\\b.*policy (\\w+);");

        private Patterns() {
        }
    }
}
