package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./infiniservice demo}, as a new user runs it: the launcher script (the shipped JVM flags,
 * the module path {@code mvn package} built) starts the real agent against the embedded host
 * simulator. The conversation must happen in full: attach sequence, a keep-alive answered, a
 * signed SystemInfo answered, an unknown action refused with 127, a tampered envelope reported
 * and not answered, no unparseable line, exit 0. On Windows, where there is no launcher script,
 * the same command line runs from the module path.
 */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void theDemoShowsTheWholeConversationAndExitsCleanly() throws Exception {
        List<String> args = List.of("demo", "--seconds", "5", "--interval", "1");
        List<String> cmd = new ArrayList<>();
        Path launcher = launcher();
        if (launcher != null) {
            cmd.addAll(List.of("bash", launcher.toString()));
            cmd.addAll(args);
        } else {
            cmd.addAll(AgentProcess.javaCommand(AgentProcess.shippedJvmOptions(), args));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("INFINISERVICE_") || k.equals("INFINIBAY_VM_ID"));
        // the same JDK as this test; no class-data archive (recording one runs a second demo). The
        // launcher links its runtime image first when this build has none yet (~20 s, more on a
        // loaded machine), as it does for a newcomer's first demo.
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("INFINISERVICE_CDS", "off");
        Process p = pb.start();
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
        String both = "stdout:\n" + out + "\nstderr:\n" + err;
        assertTrue(finished, "the demo finished within 90 s\n" + both);
        assertEquals(0, p.exitValue(), both);

        assertTrue(out.contains("agent -> host: {\"type\":\"handshake\""), both);
        assertTrue(out.contains("agent -> host: {\"type\":\"metrics\""), both);
        assertTrue(out.contains("agent -> host: {\"type\":\"request_pending_scripts\""), both);
        assertTrue(Pattern.compile("agent -> host: \\{\"type\":\"keep_alive\",[^\\n]*\"sequence_number\":1\\}")
                .matcher(out).find(), both);
        String systemInfo = idAfter(out, "signed SafeCommand SystemInfo (id ");
        assertTrue(Pattern.compile("agent -> host: \\{\"type\":\"response\",[^\\n]*\"id\":\"" + systemInfo
                + "\",\"success\":true,\"exit_code\":0").matcher(out).find(), both);
        assertTrue(Pattern.compile("agent -> host: \\{\"type\":\"response\",[^\\n]*\"success\":false,\"exit_code\":127,"
                + "[^\\n]*unsupported action: MakeCoffee").matcher(out).find(), both);
        assertTrue(Pattern.compile("agent -> host: \\{\"type\":\"agent_event\",[^\\n]*\"source\":\"auth\","
                + "[^\\n]*BadSignature").matcher(out).find(), both);
        Matcher done = Pattern.compile("== done: (\\d+) lines from the agent, 0 unparseable").matcher(out);
        assertTrue(done.find(), both);
        assertTrue(Integer.parseInt(done.group(1)) >= 7, both);
    }

    /** {@code ./infiniservice} at the repository root, or null on Windows (no bash launcher there). */
    private static Path launcher() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return null;
        }
        // the launcher runs bootstrap/target/modules next to it: the jars this build made
        Path root = AgentProcess.repositoryRoot();
        Path script = root.resolve("infiniservice");
        assertTrue(Files.isRegularFile(script), "launcher at " + script);
        return script;
    }

    private static String idAfter(String out, String marker) {
        int at = out.indexOf(marker);
        assertTrue(at >= 0, "no '" + marker + "' in\n" + out);
        int start = at + marker.length();
        return out.substring(start, out.indexOf(')', start));
    }
}
