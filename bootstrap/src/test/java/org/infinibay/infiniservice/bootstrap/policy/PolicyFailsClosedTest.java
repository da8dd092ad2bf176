package org.infinibay.infiniservice.bootstrap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PolicyDecision;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 6: a broken policy file fails closed. Each variant is a real file (real owner, mode,
 * bytes) loaded by the real loader and applied by the real evaluator: the UnsafeCommand the file meant
 * to forbid is refused, and so are scripts and state-changing actions, while a read-only action runs.
 * On the old code all of them fell back to the built-in default and ran the command.
 */
class PolicyFailsClosedTest {
    /** What the owner meant: no raw commands. */
    static final String MEANT = "unsafe_commands = false\n";

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void rootOwnedDirectory() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "owner checks need root (uid 0) files");
        dir = Files.createDirectory(tmp.resolve("etc"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    private Path file(String name, byte[] bytes, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private Path file(String name, String text) throws Exception {
        return file(name, text.getBytes(StandardCharsets.UTF_8), "rw-r--r--");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static PolicyEvaluator evaluator(LoadedPolicy loaded) {
        return new PolicyEvaluator(loaded, u -> u == null || u.isEmpty() || u.equals("root"), "root",
                s -> Optional.of("bash"), pid -> Optional.of("sshd"));
    }

    private static ActionParameters params(String action) {
        return new ActionParameters(JsonObject.builder().put("action", action).put("package", "nginx")
                .put("pid", 4242).put("service", "nginx").put("operation", "restart").build(), null);
    }

    @Test
    void everyBrokenVariantLocksWhatTheFileCouldHaveRestricted() throws Exception {
        byte[] meant = MEANT.getBytes(StandardCharsets.UTF_8);
        Map<String, Path> variants = new LinkedHashMap<>();
        variants.put("syntax error", file("syntax.toml", MEANT + "[services\ndeny = [\"sshd\"]\n"));
        variants.put("typo in an unrelated key", file("typo.toml", MEANT + "[budget]\nrss_mb = 100\n"));
        variants.put("wrong type", file("type.toml", MEANT + "scripts = \"no\"\n"));
        variants.put("duplicate key", file("dup.toml", MEANT + "unsafe_commands = false\n"));
        variants.put("mode 0666", file("mode.toml", meant, "rw-rw-rw-"));
        variants.put("over 256 KiB", file("big.toml", MEANT + "#" + "x".repeat(256 * 1024) + "\n"));
        variants.put("invalid UTF-8", file("utf8.toml", concat(meant, new byte[] {'#', (byte) 0xC3, (byte) 0x28, '\n'}),
                "rw-r--r--"));
        variants.put("NUL byte", file("nul.toml", concat(meant, new byte[] {'#', 0, '\n'}), "rw-r--r--"));
        variants.put("budget out of range", file("budget.toml", MEANT + "[budget]\nrss_mib = 1\n"));
        variants.put("--policy path that does not exist", dir.resolve("absent.toml"));
        Path foreign = file("foreign.toml", MEANT);
        Files.setAttribute(foreign, "unix:uid", 65534);
        variants.put("owned by another user", foreign);
        variants.put("a directory", Files.createDirectory(dir.resolve("dir.toml")));
        Path other = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxrwxrwx")); // past the umask
        Path inOpenDir = other.resolve("policy.toml");
        Files.write(inOpenDir, meant);
        variants.put("in a world-writable directory", inOpenDir);

        int locked = 0;
        for (Map.Entry<String, Path> v : variants.entrySet()) {
            LoadedPolicy loaded = new PolicyFileLoader(new PolicyLocation(v.getValue(), true)).load();
            String what = v.getKey() + " -> " + loaded.error();
            assertTrue(loaded.locked(), what);
            assertSame(GuestPolicy.LOCKED, loaded.policy(), what);
            PolicyEvaluator e = evaluator(loaded);
            PolicyDecision unsafe = e.unsafeCommand("BASH", null);
            assertFalse(unsafe.allowed(), what);
            assertTrue(unsafe.lockdown(), what);
            assertTrue(unsafe.error().startsWith("refused: agent locked down: the guest policy file cannot be used ("),
                    unsafe.error());
            assertTrue(unsafe.error().endsWith("only metrics and read-only actions until this is fixed"), unsafe.error());
            assertFalse(e.script("BASH", null).allowed(), what);
            for (String changing : new String[] {"PackageInstall", "PackageRemove", "ServiceControl", "ProcessKill",
                    "RebootSystem", "PrepareGoldenImage", "JoinDomain", "DiskCleanup", "UpdateSystemSoftware",
                    "RestartServices", "ExecutePowerShellScript", "RunMaintenanceTask"}) {
                assertFalse(e.safeCommand(changing, params(changing)).allowed(), what + ": " + changing);
            }
            for (String readOnly : new String[] {"SystemInfo", "ProcessList", "CheckDiskSpace", "RunAllHealthChecks",
                    "GetInstalledApplicationsWMI", "CheckApplicationUpdates", "PackageList"}) {
                assertTrue(e.safeCommand(readOnly, params(readOnly)).allowed(), what + ": " + readOnly);
            }
            assertEquals(false, loaded.summary().bool("unsafe_commands").orElseThrow(), "the handshake tells the truth");
            assertEquals(true, loaded.summary().bool("locked").orElseThrow());
            locked++;
        }
        assertEquals(13, locked);
        System.out.println(locked + " of " + variants.size() + " broken policy variants locked the agent");
    }

    /**
     * The one harmless variant, decided deliberately: a UTF-8 BOM and CRLF line ends (a Windows editor)
     * around an otherwise valid file. It is read as written, so the owner's restriction holds.
     */
    @Test
    void aByteOrderMarkAndCrlfAreReadAsWritten() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path f = file("bom.toml", concat(bom, "unsafe_commands = false\r\n\r\n[services]\r\ndeny = [\"sshd\"]\r\n"
                .getBytes(StandardCharsets.UTF_8)), "rw-r--r--");
        LoadedPolicy loaded = new PolicyFileLoader(new PolicyLocation(f, true)).load();
        assertNull(loaded.error());
        assertFalse(loaded.locked());
        assertFalse(loaded.policy().unsafeCommands());
        assertEquals(LoadedPolicy.digestOf(Files.readAllBytes(f)), loaded.digest(), "digest over the file's bytes");
        PolicyEvaluator e = evaluator(loaded);
        PolicyDecision unsafe = e.unsafeCommand("BASH", null);
        assertEquals("denied by guest policy: unsafe_commands = false", unsafe.error());
        assertFalse(e.safeCommand("ServiceControl", params("ServiceControl")).allowed() == false,
                "nginx is not denied");
        assertTrue(e.safeCommand("PackageInstall", params("PackageInstall")).allowed(), "what the file allows runs");
        // a BOM in the middle, or a lone CR, stays an error
        LoadedPolicy midBom = new PolicyFileLoader(new PolicyLocation(file("mid.toml", concat(
                "unsafe_commands = false\n".getBytes(StandardCharsets.UTF_8), bom, "scripts = false\n".getBytes(
                        StandardCharsets.UTF_8)), "rw-r--r--"), true)).load();
        assertTrue(midBom.locked(), String.valueOf(midBom.error()));
    }

    @Test
    void noFileAtTheDefaultPathIsTheBuiltInDefaultNotALockdown() {
        LoadedPolicy absent = new PolicyFileLoader(new PolicyLocation(dir.resolve("policy.toml"), false)).load();
        assertFalse(absent.locked());
        assertTrue(evaluator(absent).unsafeCommand("BASH", null).allowed());
    }
}
