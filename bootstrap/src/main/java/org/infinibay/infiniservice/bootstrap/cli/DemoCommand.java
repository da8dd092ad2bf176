package org.infinibay.infiniservice.bootstrap.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.bootstrap.logging.LogSetup;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The product working with no VM: an embedded host simulator plus the real agent, talking NDJSON
 * over a Unix socket exactly as over the virtio port. Shows the attach sequence, a keep-alive, a
 * signed SystemInfo round trip and a tampered envelope being refused.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the agent against an embedded host simulator and show the conversation.")
public final class DemoCommand implements Callable<Integer> {
    private static final String DEMO_VM_ID = "11111111-2222-4333-8444-555555555555";

    @Option(names = "--seconds", description = "How long to keep the conversation going (default 12).")
    int seconds = 12;

    @Option(names = "--interval", description = "Metrics interval for the demo (default 5 s).")
    int interval = 5;

    @Option(names = "--debug", description = "Show the agent's DEBUG log.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("infiniservice-demo");
        Path socket = dir.resolve("host.sock");
        String secret = HmacSigner.deriveSecret("demo-master-secret", DEMO_VM_ID);
        Configuration c = new Configuration("unix:" + socket, DEMO_VM_ID, secret, dir.resolve("state"), interval,
                10, true, debug);
        LogSetup.configure(debug, System.err);
        try (HostSimulator host = new HostSimulator(socket, secret)) {
            out.println("== host simulator listening on " + socket);
            out.println("== starting the agent with --device unix:" + socket + " (secret derived for VM " + DEMO_VM_ID + ")");
            RunAgentUseCase agent = Launch.component(c).agent();
            Thread agentThread = new Thread(() -> {
                try {
                    agent.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-agent");
            agentThread.setDaemon(true);
            agentThread.start();
            host.awaitConnection(1, Duration.ofSeconds(10));
            show(out, host.awaitType("handshake", Duration.ofSeconds(10)));
            show(out, host.awaitType("metrics", Duration.ofSeconds(10)));
            show(out, host.awaitType("request_pending_scripts", Duration.ofSeconds(10)));

            out.println("\n== host -> agent: signed keep_alive_request (sequence 1)");
            host.sendSigned("{\"type\":\"keep_alive_request\",\"sequence_number\":1,\"timestamp\":\"x\"}");
            show(out, host.awaitType("keep_alive", Duration.ofSeconds(5)));

            String id = UUID.randomUUID().toString();
            out.println("\n== host -> agent: signed SafeCommand SystemInfo (id " + id + ")");
            host.sendSigned(HostSimulator.safeCommand(id, "SystemInfo", 30));
            show(out, host.awaitResponse(id, Duration.ofSeconds(10)));

            String unknown = UUID.randomUUID().toString();
            out.println("\n== host -> agent: signed SafeCommand with an unknown action");
            host.sendSigned(HostSimulator.safeCommand(unknown, "MakeCoffee", 30));
            show(out, host.awaitResponse(unknown, Duration.ofSeconds(5)));

            out.println("\n== host -> agent: a tampered envelope (payload changed after signing): no execution, no response");
            String good = host.envelope(HostSimulator.safeCommand(UUID.randomUUID().toString(), "SystemInfo", 30),
                    System.currentTimeMillis() + host.clockOffsetMs(), UUID.randomUUID().toString());
            host.sendRaw(good.replace("SystemInfo", "SystemInfX"));
            show(out, host.await(r -> "agent_event".equals(r.type()), Duration.ofSeconds(5)));

            long end = System.nanoTime() + Duration.ofSeconds(Math.max(0, seconds - 4)).toNanos();
            out.println("\n== periodic traffic for a few seconds (metrics every " + interval + " s)");
            while (System.nanoTime() < end) {
                try {
                    show(out, host.await(r -> true, Duration.ofNanos(Math.max(1, end - System.nanoTime()))));
                } catch (IllegalStateException timeout) {
                    break;
                }
            }
            agent.stop();
            long bad = host.received().stream().filter(r -> r.json() == null).count();
            out.println("\n== done: " + host.received().size() + " lines from the agent, " + bad + " unparseable");
            return bad == 0 ? 0 : 1;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void show(PrintStream out, HostSimulator.Received r) {
        String raw = r.raw();
        out.println("agent -> host: " + (raw.length() > 220 ? raw.substring(0, 220) + "... (" + raw.length() + " bytes)" : raw));
    }
}
