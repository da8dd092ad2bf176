package org.infinibay.infiniservice.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.domain.log.Logs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A real JVM logging the Linux agent's way loads neither the JDK's logger lookup (System.getLogger:
 * LoggerFinder, LazyLoggers, BootstrapLogger, ~140 classes with their lambdas and streams) nor any
 * java.util.logging class (LogSetup named JUL's handlers, and the verifier loaded them), and still
 * writes the same line.
 */
@EnabledOnOs(OS.LINUX)
class LinuxLoggingClassesTest {
    @Test
    void theLinuxLoggingPathLoadsNoLookupAndNoJavaUtilLogging() throws Exception {
        String cp = location(LineLogs.class) + File.pathSeparator + location(Logs.class) + File.pathSeparator
                + location(LoggingProbe.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:stderr",
                "-cp", cp, LoggingProbe.class.getName()).start();
        p.getOutputStream().close();
        // stderr (the class list) is read on its own thread so neither pipe can fill and block the probe
        StringBuilder err = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                err.append(e);
            }
        });
        reader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        reader.join(10_000);
        assertEquals(0, p.exitValue(), out + err);
        String[] lines = out.split("\n");
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  LoggingProbe probe one logged"),
                lines[0]);
        assertTrue(lines[1].matches("\\S+ WARN  Other second logger"), lines[1]);
        assertEquals("done", lines[2]);

        List<String> loaded = new ArrayList<>();
        List<String> unwanted = new ArrayList<>();
        for (String l : err.toString().split("\n")) {
            int at = l.indexOf("[class,load] ");
            if (at < 0) {
                continue;
            }
            String name = l.substring(at + 13, l.indexOf(' ', at + 13));
            loaded.add(name);
            if (name.startsWith("java.util.logging.") || name.startsWith("jdk.internal.logger.")
                    || name.startsWith("sun.util.logging.") || name.startsWith("java.lang.System$LoggerFinder")
                    || name.equals("java.util.ServiceLoader") || name.contains("$$Lambda$")
                    || name.startsWith(JulSetup.class.getName()) || name.equals(LineLogs.class.getName() + "$JulBridge")) {
                unwanted.add(name);
            }
        }
        assertTrue(loaded.contains(LineLogs.class.getName() + "$LineLogger"), "the class list was read: " + loaded.size());
        assertEquals(List.of(), unwanted);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
