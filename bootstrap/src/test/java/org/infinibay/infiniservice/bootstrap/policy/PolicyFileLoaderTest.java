package org.infinibay.infiniservice.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files with real owners and modes (the tests run as root, which can chown). */
class PolicyFileLoaderTest {
    static final String EXAMPLE = """
            # /etc/infiniservice/policy.toml
            unsafe_commands = true
            scripts = false

            [actions]
            deny = ["PrepareGoldenImage", "JoinDomain"]

            [services]
            deny = ["sshd", "systemd-*"]

            [packages]
            allow = ["nginx", "htop", "lib*"]

            [shells]
            allow = ["BASH", "SH", "DEFAULT"]

            [run_as]
            deny = ["root"]

            [budget]
            rss_mib = 160
            command_backlog = 64
            """;

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void privateDirectory() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "owner checks need root (uid 0) files");
        dir = Files.createDirectory(tmp.resolve("etc"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    private Path write(String text, String mode) throws Exception {
        Path f = dir.resolve("policy.toml");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static LoadedPolicy load(Path f, boolean explicit) {
        return new PolicyFileLoader(new PolicyLocation(f, explicit)).load();
    }

    @Test
    void aRootOwnedFileIsParsedAndDigestedOverItsBytes() throws Exception {
        Path f = write(EXAMPLE, "rw-r--r--");
        LoadedPolicy p = load(f, true);
        assertNull(p.error());
        assertEquals(f.toString(), p.source());
        assertEquals(LoadedPolicy.digestOf(Files.readAllBytes(f)), p.digest());
        GuestPolicy g = p.policy();
        assertTrue(g.unsafeCommands());
        assertFalse(g.scripts());
        assertEquals(List.of("PrepareGoldenImage", "JoinDomain"), g.actions().deny());
        assertEquals(List.of("*"), g.actions().allow(), "allow defaults to everything");
        assertEquals(new PatternRule(List.of("nginx", "htop", "lib*"), List.of()), g.packages());
        assertEquals(PatternRule.ANY, g.processes());
        assertEquals(160, g.budget().rssMib());
        assertEquals(64, g.budget().commandBacklog());
        assertEquals(20, g.budget().cpuPercent(), "unset budget keys keep their default");
        assertEquals(List.of("actions", "services", "packages", "shells", "run_as"), g.restricted());
        assertFalse(p.isDefault());
    }

    @Test
    void aFileOwnedByAnotherUserIsRefusedAndTheAgentIsLocked() throws Exception {
        Path f = write(EXAMPLE, "rw-r--r--");
        Files.setAttribute(f, "unix:uid", 65534);
        LoadedPolicy p = load(f, true);
        assertSame(GuestPolicy.LOCKED, p.policy());
        assertTrue(p.locked());
        assertTrue(p.error().contains("is owned by") && p.error().contains("uid 65534") && p.error().contains("not root"),
                p.error());
        assertEquals(LoadedPolicy.refused("x", "y").digest(), p.digest(), "the digest is the locked policy's: it applies");
        assertFalse(p.digest().equals(LoadedPolicy.builtIn().digest()));
        assertEquals(f.toString(), p.summary().string("source").orElseThrow());
    }

    @Test
    void groupOrWorldWritableFilesAndDirectoriesAreRefused() throws Exception {
        Path f = write(EXAMPLE, "rw-rw-rw-");
        assertTrue(load(f, true).error().contains("writable by group or others (rw-rw-rw-)"), load(f, true).error());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw--w----"));
        assertTrue(load(f, true).error().contains("writable by group or others"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertNull(load(f, true).error(), "0600 root is fine");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(load(f, true).error().contains("directory " + dir), load(f, true).error());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(dir, "unix:uid", 1000);
        assertTrue(load(f, true).error().contains("directory " + dir + " is owned by"), load(f, true).error());
    }

    @Test
    void aSymlinkIsJudgedByTheFileItPointsTo() throws Exception {
        Path f = write(EXAMPLE, "rw-r--r--");
        Path link = tmp.resolve("link.toml");
        Files.createSymbolicLink(link, f);
        assertNull(load(link, true).error());
        Files.setAttribute(f, "unix:uid", 1000);
        assertTrue(load(link, true).error().contains("is owned by"));
    }

    @Test
    void missingFiles() {
        LoadedPolicy absentDefault = load(dir.resolve("none.toml"), false);
        assertNull(absentDefault.error());
        assertEquals(LoadedPolicy.BUILT_IN, absentDefault.source());
        LoadedPolicy absentExplicit = load(dir.resolve("none.toml"), true);
        assertTrue(absentExplicit.error().endsWith("none.toml does not exist"), absentExplicit.error());
        assertSame(GuestPolicy.LOCKED, absentExplicit.policy());
    }

    @Test
    void typosAreErrorsNamingTheKeyNeverSilentlyIgnored() throws Exception {
        Map<String, String> cases = Map.of(
                "unsafe_command = false\n", "unknown key 'unsafe_command'",
                "[services]\ndenied = [\"sshd\"]\n", "unknown key 'services.denied'",
                "[services]\ndeny = \"sshd\"\n", "'services.deny' must be an array of strings",
                "[services]\ndeny = [\"\"]\n", "'services.deny': a pattern must be 1-256 characters",
                "scripts = \"no\"\n", "'scripts' must be true or false",
                "[budget]\nrss_mib = 4\n", "budget.rss_mib must be 16-65536, got 4",
                "[budget]\nrss = 100\n", "unknown key 'budget.rss'",
                "[services\ndeny = []\n", "not valid TOML",
                "[services]\ndeny = [[\"sshd\"]]\n", "'services.deny' must be an array of strings",
                "[budget]\nrss_mib = 4294967296\n", "'budget.rss_mib' must be a whole number");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            LoadedPolicy p = load(write(c.getKey(), "rw-r--r--"), true);
            assertTrue(p.error() != null && p.error().contains(c.getValue()), c.getKey() + " -> " + p.error());
            assertSame(GuestPolicy.LOCKED, p.policy());
        }
        Files.write(dir.resolve("policy.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertTrue(load(dir.resolve("policy.toml"), true).error().contains("is not UTF-8 text"));
    }

    @Test
    void anEmptyFileAndTheCanonicalDefaultTextMeanTheDefaultRules() throws Exception {
        assertEquals(GuestPolicy.DEFAULT.toJson(), load(write("", "rw-r--r--"), true).policy().toJson());
        String canonical = (String) readCanonical();
        LoadedPolicy p = load(write(canonical, "rw-r--r--"), true);
        assertNull(p.error());
        assertEquals(GuestPolicy.DEFAULT.toJson(), p.policy().toJson());
        assertEquals(LoadedPolicy.builtIn().digest(), p.digest(),
                "a file holding the canonical default has the built-in default's digest");
    }

    private static Object readCanonical() throws Exception {
        java.lang.reflect.Field f = LoadedPolicy.class.getDeclaredField("CANONICAL_DEFAULT");
        f.setAccessible(true);
        return f.get(null);
    }

    @Test
    void diagnosePrintsThePolicyAndTheAgentsSelfFigures() throws Exception {
        Path f = write(EXAMPLE, "rw-r--r--");
        List<String> problems = new ArrayList<>();
        String status = "{\"at\":\"" + java.time.Instant.now().minusSeconds(42).toString() + "\",\"pid\":4242,"
                + "\"rss_bytes\":62914560,\"rss_source\":\"VmRSS\",\"heap_used_bytes\":10485760,\"threads\":23,"
                + "\"cpu_percent_1m\":1.5,\"outbound_lines\":3,\"outbound_bytes\":1200,\"command_backlog\":0,"
                + "\"commands_refused\":0,\"shedding\":false,\"over\":[]}";
        StateStore store = new StateStore() {
            @Override
            public Optional<byte[]> read(String name) {
                return Optional.of(status.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void write(String name, byte[] content) {
            }

            @Override
            public void delete(String name) {
            }

            @Override
            public String location() {
                return "memory";
            }
        };
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new PolicyDiagnostics(load(f, true), store).report(new PrintStream(buf, true, StandardCharsets.UTF_8), problems);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("policy:        " + f + " (sha256:"), out);
        assertTrue(out.contains("scripts=false"), out);
        assertTrue(out.contains("self budget:   rss 160 MiB"), out);
        assertTrue(out.contains("agent pid 4242") && out.contains("s ago"), out);
        assertTrue(out.contains("rss 60 MiB (VmRSS)") && out.contains("cpu 1.5 %"), out);
        assertEquals(List.of(), problems);

        Files.setAttribute(f, "unix:uid", 1000);
        buf.reset();
        new PolicyDiagnostics(load(f, true), store).report(new PrintStream(buf, true, StandardCharsets.UTF_8), problems);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("REFUSED"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("guest policy file refused (agent locked down): "));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("LOCKED until this is fixed"));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("unsafe_commands=false, scripts=false"));
    }
}
