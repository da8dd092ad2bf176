package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Plays QEMU between the agent and a host, with faults (CONTRACT §13: "a harness that plays QEMU:
 * it accepts the host end and the guest end and splices, drops, injects or cuts traffic"). The
 * agent connects to {@code agentSide} ({@code --device unix:}); for each agent connection the link
 * connects to the host listening on {@code hostSide} and pumps lines both ways:
 * <ul>
 * <li>host → agent, per line, by {@link FaultPlan}: pass, delay, split into tiny writes, drop,
 *     truncate or garble; lines that pass together are written together (coalesced). Injected raw
 *     bytes go in at line boundaries.</li>
 * <li>agent → host: complete lines only, optionally fragmented or stalled (the agent's writes then
 *     block, as on a virtio port whose host is slow).</li>
 * </ul>
 * It keeps the books a loss count needs: which script {@code execution_id}s it delivered intact
 * to the agent and which it destroyed. On {@link #detach(byte[])} it stops listening (the agent's
 * reconnects fail, as while no host is connected), may leave a partial line, signals end of stream,
 * and forwards whatever complete lines the agent still wrote before it closed its end, so the
 * link itself never loses agent output.
 */
public final class FaultInjectingLink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FaultInjectingLink.class.getName());
    private static final JacksonJsonCodec CODEC = new JacksonJsonCodec();

    private final Path agentSide;
    private final Path hostSide;
    private final FaultCounters counters;
    private final Random random;
    private final Object agentWriteLock = new Object();
    private final Set<String> deliveredScripts = ConcurrentHashMap.newKeySet();
    private final Set<String> destroyedScripts = ConcurrentHashMap.newKeySet();
    private final Deque<String> recentEnvelopes = new ArrayDeque<>();
    private volatile FaultPlan plan = FaultPlan.NONE;
    private volatile ServerSocketChannel server;
    private volatile Session session;
    private volatile long stallUntilNanos;
    private volatile int attaches;
    private final java.util.concurrent.atomic.AtomicLong hostLines = new java.util.concurrent.atomic.AtomicLong();

    /** One agent connection and its host connection. */
    private record Session(SocketChannel agent, SocketChannel host, CountDownLatch agentClosed, int number) {
    }

    public FaultInjectingLink(Path agentSide, Path hostSide, FaultCounters counters, long seed) throws IOException {
        this.agentSide = agentSide;
        this.hostSide = hostSide;
        this.counters = counters;
        this.random = new Random(seed);
        attach();
    }

    public Path agentSide() {
        return agentSide;
    }

    public void plan(FaultPlan p) {
        plan = p;
    }

    /** Host lines the link has handled (delivered or damaged) so far: lets a test switch plans between lines. */
    public long hostLinesHandled() {
        return hostLines.get();
    }

    /** Waits until {@code count} host lines have been handled, or the timeout passes. Returns whether they were. */
    public boolean awaitHostLinesHandled(long count, java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (hostLines.get() < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Number of agent connections spliced so far. */
    public int attaches() {
        return attaches;
    }

    public boolean agentConnected() {
        return session != null;
    }

    /** Starts listening for the agent again (the host is back). */
    public synchronized void attach() throws IOException {
        if (server != null) {
            return;
        }
        Files.deleteIfExists(agentSide);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(agentSide));
        server = s;
        Thread t = new Thread(() -> acceptLoop(s), "faultlink-accept");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The host detaches: no new agent connection is accepted; {@code partial} (may be empty) is
     * written to the agent as the unterminated start of a line, then the agent sees end of stream.
     * Waits up to 5 s for the agent to close its end, forwarding its last complete lines.
     */
    public void detach(byte[] partial) throws IOException, InterruptedException {
        synchronized (this) {
            ServerSocketChannel s = server;
            server = null;
            if (s != null) {
                s.close();
            }
            Files.deleteIfExists(agentSide);
        }
        Session s = session;
        if (s == null) {
            return;
        }
        synchronized (agentWriteLock) {
            session = null; // the host→agent pump stops delivering from here on
            if (partial.length > 0) {
                writeFully(s.agent(), partial);
                counters.add("partial line at detach", 1);
            }
            s.agent().shutdownOutput();
        }
        if (!s.agentClosed().await(5, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "agent did not close its end within 5 s of the detach");
        }
        closeQuietly(s.agent());
        closeQuietly(s.host());
    }

    /** Delays reading the agent's output for {@code millis} (its writes block once the buffer is full). */
    public void stallAgentOutput(long millis) {
        stallUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        counters.add("agent output stalled", 1);
    }

    /** Writes raw bytes to the agent at a line boundary. Returns false when no agent is connected. */
    public boolean inject(byte[] bytes, String kind) throws IOException {
        synchronized (agentWriteLock) {
            Session s = session;
            if (s == null) {
                return false;
            }
            writeFully(s.agent(), bytes);
            counters.add(kind, 1);
            return true;
        }
    }

    /** A recently delivered envelope line (for replay), or null. */
    public String recentEnvelope(int back) {
        synchronized (recentEnvelopes) {
            int i = 0;
            for (String e : recentEnvelopes) {
                if (i++ == back) {
                    return e;
                }
            }
            return null;
        }
    }

    /** Script {@code execution_id}s the link delivered intact to the agent. */
    public Set<String> deliveredScripts() {
        return Set.copyOf(deliveredScripts);
    }

    /** Script {@code execution_id}s whose line the link dropped, cut or garbled (never seen intact). */
    public Set<String> destroyedScripts() {
        Set<String> d = new java.util.HashSet<>(destroyedScripts);
        d.removeAll(deliveredScripts);
        return d;
    }

    private void acceptLoop(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel agent = s.accept();
                SocketChannel host = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    host.connect(UnixDomainSocketAddress.of(hostSide));
                } catch (IOException e) {
                    closeQuietly(host);
                    closeQuietly(agent); // no host: the agent sees end of stream and retries
                    continue;
                }
                Session old = session;
                if (old != null) {
                    closeQuietly(old.agent());
                    closeQuietly(old.host());
                }
                Session ses = new Session(agent, host, new CountDownLatch(1), ++attaches);
                session = ses;
                start("faultlink-h2a-" + ses.number(), () -> hostToAgent(ses));
                start("faultlink-a2h-" + ses.number(), () -> agentToHost(ses));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void hostToAgent(Session s) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        Outgoing coalesced = new Outgoing();
        try {
            while (s.host().read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    byte[] l = line.toByteArray();
                    line.reset();
                    boolean more = deliver(s, l, coalesced);
                    hostLines.incrementAndGet();
                    if (!more) {
                        return;
                    }
                }
                buf.clear();
                if (!flush(s, coalesced)) {
                    return;
                }
            }
        } catch (IOException e) {
            // either side gone; the agent side is closed below so the agent sees the host leave
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (session == s) {
            try {
                s.agent().shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Lines that passed, waiting to be written to the agent together, with what they carry. */
    private static final class Outgoing {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final java.util.List<String> envelopes = new java.util.ArrayList<>();
        final Set<String> scripts = new java.util.HashSet<>();

        void reset() {
            bytes.reset();
            envelopes.clear();
            scripts.clear();
        }
    }

    /** Applies the plan to one host line. Returns false once this session has been detached. */
    private boolean deliver(Session s, byte[] l, Outgoing out) throws IOException, InterruptedException {
        FaultPlan p = plan;
        double r = random.nextDouble();
        Set<String> scripts = scriptIds(l);
        if ((r -= p.drop()) < 0) {
            counters.add("line dropped", 1);
            destroyedScripts.addAll(scripts);
            return true;
        }
        if ((r -= p.truncate()) < 0 && l.length > 2) {
            counters.add("line truncated", 1);
            destroyedScripts.addAll(scripts);
            return flush(s, out) && raw(s, java.util.Arrays.copyOf(l, 1 + random.nextInt(l.length - 1)));
        }
        if ((r -= p.garble()) < 0 && l.length > 0) {
            byte[] g = l.clone();
            int at = random.nextInt(g.length);
            // a different printable byte: never a '\n', so the line stays one line, but it no longer verifies
            g[at] = (byte) (g[at] == 'x' ? 'y' : 'x');
            counters.add("line garbled", 1);
            destroyedScripts.addAll(scripts);
            return flush(s, out) && raw(s, g);
        }
        if ((r -= p.delay()) < 0) {
            if (!flush(s, out)) {
                return false;
            }
            Thread.sleep(1 + random.nextInt(p.maxDelayMillis()));
            counters.add("line delayed", 1);
        } else if ((r -= p.split()) < 0) {
            if (!flush(s, out)) {
                return false;
            }
            counters.add("line split into small writes", 1);
            if (!splitWrite(s, l)) {
                destroyedScripts.addAll(scripts);
                return false;
            }
            delivered(java.util.List.of(new String(l, StandardCharsets.UTF_8)), scripts);
            return true;
        }
        out.bytes.write(l);
        out.bytes.write('\n');
        out.envelopes.add(new String(l, StandardCharsets.UTF_8));
        out.scripts.addAll(scripts);
        return out.bytes.size() < 256 * 1024 || flush(s, out);
    }

    private void delivered(java.util.List<String> envelopes, Set<String> scripts) {
        deliveredScripts.addAll(scripts);
        synchronized (recentEnvelopes) {
            for (String e : envelopes) {
                recentEnvelopes.addFirst(e);
            }
            while (recentEnvelopes.size() > 64) {
                recentEnvelopes.removeLast();
            }
        }
    }

    /** A faulty line, written at once with its newline. */
    private boolean raw(Session s, byte[] l) throws IOException {
        synchronized (agentWriteLock) {
            if (session != s) {
                return false;
            }
            writeFully(s.agent(), l);
            writeFully(s.agent(), new byte[] {'\n'});
            return true;
        }
    }

    /** Writes the coalesced lines; they count as delivered only once written to this session's agent. */
    private boolean flush(Session s, Outgoing out) throws IOException {
        if (out.bytes.size() == 0) {
            return session == s;
        }
        synchronized (agentWriteLock) {
            if (session != s) {
                destroyedScripts.addAll(out.scripts);
                counters.add("lines cut by detach", out.envelopes.size());
                out.reset();
                return false;
            }
            writeFully(s.agent(), out.bytes.toByteArray());
        }
        delivered(out.envelopes, out.scripts);
        out.reset();
        return true;
    }

    private boolean splitWrite(Session s, byte[] l) throws IOException, InterruptedException {
        byte[] whole = new byte[l.length + 1];
        System.arraycopy(l, 0, whole, 0, l.length);
        whole[l.length] = '\n';
        synchronized (agentWriteLock) {
            if (session != s) {
                return false;
            }
            int off = 0;
            int pieces = 0;
            while (off < whole.length) {
                int n = pieces < 64 ? 1 + random.nextInt(16) : whole.length - off;
                n = Math.min(n, whole.length - off);
                writeFully(s.agent(), java.util.Arrays.copyOfRange(whole, off, off + n));
                off += n;
                if (++pieces % 8 == 0) {
                    Thread.sleep(1); // lets the agent see the pieces in separate reads
                }
            }
            return true;
        }
    }

    private void agentToHost(Session s) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                long stall = stallUntilNanos - System.nanoTime();
                if (stall > 0) {
                    Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(stall) + 1, 200));
                    continue;
                }
                if (s.agent().read(buf) < 0) {
                    break;
                }
                buf.flip();
                ByteArrayOutputStream complete = new ByteArrayOutputStream();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    line.write(b);
                    if (b == '\n') {
                        line.writeTo(complete);
                        line.reset();
                    }
                }
                buf.clear();
                if (complete.size() > 0) {
                    toHost(s, complete.toByteArray());
                }
            }
        } catch (IOException e) {
            // agent or host gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.agentClosed().countDown();
            if (session == s) {
                // the agent left on its own: drop the host connection too, as QEMU's port closing would not,
                // but a new agent connection gets a fresh host connection anyway
                closeQuietly(s.host());
            }
        }
    }

    private void toHost(Session s, byte[] bytes) throws IOException, InterruptedException {
        FaultPlan p = plan;
        if (p.agentFragment() > 0 && random.nextDouble() < p.agentFragment()) {
            counters.add("agent output fragmented", 1);
            int off = 0;
            while (off < bytes.length) {
                int n = Math.min(bytes.length - off, 1 + random.nextInt(4096));
                writeFully(s.host(), java.util.Arrays.copyOfRange(bytes, off, off + n));
                off += n;
                Thread.sleep(0, 200_000);
            }
            return;
        }
        writeFully(s.host(), bytes);
    }

    private static Set<String> scriptIds(byte[] line) {
        if (line.length > 1024 * 1024 || line.length == 0 || line[0] != '{') {
            return Set.of();
        }
        try {
            Json env = CODEC.parse(new String(line, StandardCharsets.UTF_8));
            if (!(env instanceof JsonObject e)) {
                return Set.of();
            }
            String payload = e.string("payload").orElse(null);
            if (payload == null || !payload.contains("pending_scripts_response")) {
                return Set.of();
            }
            Json inner = CODEC.parse(payload);
            if (!(inner instanceof JsonObject o) || !"pending_scripts_response".equals(o.string("type").orElse(""))) {
                return Set.of();
            }
            Set<String> ids = new java.util.HashSet<>();
            o.array("scripts").ifPresent(a -> a.items().forEach(j -> {
                if (j instanceof JsonObject sc) {
                    sc.string("execution_id").ifPresent(ids::add);
                }
            }));
            return ids;
        } catch (MalformedJsonException | RuntimeException ex) {
            return Set.of();
        }
    }

    private static void writeFully(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        ServerSocketChannel s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        Session ses = session;
        session = null;
        if (ses != null) {
            closeQuietly(ses.agent());
            closeQuietly(ses.host());
        }
        Files.deleteIfExists(agentSide);
    }
}
