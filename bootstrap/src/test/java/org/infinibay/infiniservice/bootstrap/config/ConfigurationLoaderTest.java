package org.infinibay.infiniservice.bootstrap.config;

import org.infinibay.infiniservice.bootstrap.os.linux.LinuxSystem;
import org.infinibay.infiniservice.bootstrap.os.windows.WindowsServiceBoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every configuration rule: precedence, each key, and each kind of bad value (real files on disk). */
class ConfigurationLoaderTest {
    @TempDir
    Path tmp;

    private Path file(String toml) throws IOException {
        Path f = tmp.resolve("config.toml");
        Files.writeString(f, toml, StandardCharsets.UTF_8);
        return f;
    }

    private Configuration load(Map<String, String> env, Path defaultFile, ConfigurationLoader.CliValues cli) {
        return new ConfigurationLoader(env, LinuxSystem.defaults(), defaultFile).load(cli);
    }

    private Configuration loadFile(String toml) throws IOException {
        return load(Map.of(), file(toml), ConfigurationLoader.CliValues.NONE);
    }

    private String error(String toml) throws IOException {
        Path f = file(toml);
        return assertThrows(ConfigurationException.class,
                () -> load(Map.of(), f, ConfigurationLoader.CliValues.NONE)).getMessage();
    }

    @Test
    void missingDefaultFileMeansDefaults() {
        Configuration c = load(Map.of(), tmp.resolve("absent.toml"), ConfigurationLoader.CliValues.NONE);
        assertEquals(30, c.metricsIntervalSeconds());
        assertEquals(LogLevel.INFO, c.logLevel());
        assertEquals("infiniservice", c.serviceName());
        assertNull(c.deviceOverride());
        assertEquals(Path.of("/var/lib/infiniservice"), c.stateDir());
        assertEquals(50, c.processesPerKind());
        assertNull(c.configFile());
        assertEquals("default", c.origins().get("collection_interval"));
    }

    @Test
    void everyKeyOfTheFileTakesEffect() throws IOException {
        Configuration c = loadFile("""
                collection_interval = 15
                log_level = "debug"
                service_name = "infiniservice-test"
                virtio_serial_path = "/dev/vport1p1"
                state_dir = "/srv/agent-state"
                processes_per_kind = 7
                """);
        assertEquals(15, c.metricsIntervalSeconds());
        assertEquals(LogLevel.DEBUG, c.logLevel());
        assertTrue(c.debug());
        assertEquals("infiniservice-test", c.serviceName());
        assertEquals("/dev/vport1p1", c.deviceOverride());
        assertEquals(Path.of("/srv/agent-state"), c.stateDir());
        assertEquals(7, c.processesPerKind());
        assertEquals(tmp.resolve("config.toml"), c.configFile());
        assertTrue(c.origins().values().stream().allMatch(o -> o.equals("file " + tmp.resolve("config.toml"))),
                c.origins().toString());
    }

    @Test
    void emptyVirtioSerialPathMeansDiscover() throws IOException {
        Configuration c = loadFile("virtio_serial_path = \"\"\n");
        assertNull(c.deviceOverride());
        assertTrue(c.effectiveSettings().get("virtio_serial_path").contains("discover"));
    }

    @Test
    void precedenceIsCliThenEnvironmentThenFileThenDefault() throws IOException {
        Path f = file("collection_interval = 20\nvirtio_serial_path = \"/dev/from-file\"\nlog_level = \"warn\"\n"
                + "state_dir = \"/from/file\"\n");
        Map<String, String> env = Map.of(ConfigurationLoader.ENV_INTERVAL, "10",
                ConfigurationLoader.ENV_DEVICE, "/dev/from-env", ConfigurationLoader.ENV_LOG_LEVEL, "error");
        Configuration envOverFile = load(env, f, ConfigurationLoader.CliValues.NONE);
        assertEquals(10, envOverFile.metricsIntervalSeconds());
        assertEquals("/dev/from-env", envOverFile.deviceOverride());
        assertEquals(LogLevel.ERROR, envOverFile.logLevel());
        assertEquals(Path.of("/from/file"), envOverFile.stateDir());
        assertEquals("environment INFINISERVICE_COLLECTION_INTERVAL", envOverFile.origins().get("collection_interval"));

        Configuration cliOverEnv = load(env, f, new ConfigurationLoader.CliValues("/dev/from-cli", 5, "/from/cli", true, null));
        assertEquals(5, cliOverEnv.metricsIntervalSeconds());
        assertEquals("/dev/from-cli", cliOverEnv.deviceOverride());
        assertEquals(LogLevel.DEBUG, cliOverEnv.logLevel());
        assertEquals(Path.of("/from/cli"), cliOverEnv.stateDir());
        assertEquals("command line --interval", cliOverEnv.origins().get("collection_interval"));
        assertEquals("default", cliOverEnv.origins().get("processes_per_kind"));
    }

    @Test
    void blankEnvironmentValuesCountAsUnset() throws IOException {
        Path f = file("collection_interval = 20\n");
        Configuration c = load(Map.of(ConfigurationLoader.ENV_INTERVAL, " ", ConfigurationLoader.ENV_DEVICE, ""), f,
                ConfigurationLoader.CliValues.NONE);
        assertEquals(20, c.metricsIntervalSeconds());
        assertNull(c.deviceOverride());
    }

    @Test
    void explicitFileMustExistButTheDefaultNeedNot() {
        Path absent = tmp.resolve("nope.toml");
        String cli = assertThrows(ConfigurationException.class, () -> load(Map.of(), null,
                new ConfigurationLoader.CliValues(null, null, null, false, absent.toString()))).getMessage();
        assertTrue(cli.contains(absent.toString()) && cli.contains("does not exist"), cli);
        String env = assertThrows(ConfigurationException.class, () -> load(
                Map.of(ConfigurationLoader.ENV_CONFIG, absent.toString()), null,
                ConfigurationLoader.CliValues.NONE)).getMessage();
        assertTrue(env.contains("does not exist"), env);
    }

    @Test
    void cliConfigWinsOverEnvironmentConfigAndTheDefault() throws IOException {
        Path a = tmp.resolve("a.toml");
        Path b = tmp.resolve("b.toml");
        Files.writeString(a, "collection_interval = 11\n");
        Files.writeString(b, "collection_interval = 12\n");
        Path def = file("collection_interval = 13\n");
        assertEquals(11, load(Map.of(ConfigurationLoader.ENV_CONFIG, b.toString()), def,
                new ConfigurationLoader.CliValues(null, null, null, false, a.toString())).metricsIntervalSeconds());
        assertEquals(12, load(Map.of(ConfigurationLoader.ENV_CONFIG, b.toString()), def,
                ConfigurationLoader.CliValues.NONE).metricsIntervalSeconds());
        assertEquals(13, load(Map.of(), def, ConfigurationLoader.CliValues.NONE).metricsIntervalSeconds());
    }

    @Test
    void unknownKeyNamesTheKeyAndTheFile() throws IOException {
        String m = error("colection_interval = 30\n");
        assertTrue(m.contains("'colection_interval'") && m.contains(tmp.resolve("config.toml").toString())
                && m.contains("known keys"), m);
    }

    @Test
    void theSecretIsNotAConfigFileKey() throws IOException {
        String m = error("shared_secret = \"abc\"\n");
        assertTrue(m.contains("unknown key 'shared_secret'"), m);
        assertTrue(!m.contains("abc"), "the value is not echoed: " + m);
    }

    @Test
    void tablesAndArraysAreRejected() throws IOException {
        assertTrue(error("[agent]\ncollection_interval = 30\n").contains("unknown key 'agent'"));
        String m = error("log_level = [\"info\"]\n");
        assertTrue(m.contains("'log_level'") && m.contains("not a table or array"), m);
    }

    @Test
    void syntaxErrorsNameTheFileAndTheLine() throws IOException {
        String m = error("collection_interval = 30\nlog_level = \n");
        assertTrue(m.contains(tmp.resolve("config.toml").toString()) && m.contains("not valid TOML")
                && m.contains("(line "), m);
        String dup = error("collection_interval = 30\ncollection_interval = 31\n");
        assertTrue(dup.contains("not valid TOML") && dup.contains("Duplicate key") && dup.contains("(line "), dup);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "collection_interval = 0           | collection_interval | 1-60",
        "collection_interval = 61          | collection_interval | 1-60",
        "collection_interval = \"30\"      | collection_interval | whole number",
        "collection_interval = 30.5        | collection_interval | whole number",
        "collection_interval = 99999999999999999999 | collection_interval | out of range",
        "collection_interval = true        | collection_interval | whole number",
        "log_level = \"verbose\"           | log_level           | error, warn, info, debug, trace",
        "log_level = 3                     | log_level           | must be a string",
        "service_name = \"bad name\"       | service_name        | service name",
        "service_name = \"\"               | service_name        | service name",
        "service_name = \"-x\"             | service_name        | service name",
        "virtio_serial_path = 5            | virtio_serial_path  | must be a string",
        "state_dir = \"relative/dir\"      | state_dir           | absolute path",
        "processes_per_kind = 0            | processes_per_kind  | 1-500",
        "processes_per_kind = 501          | processes_per_kind  | 1-500",
    })
    void badValuesNameTheKeyAndTheFile(String toml, String key, String expected) throws IOException {
        String m = error(toml + "\n");
        assertTrue(m.contains("'" + key + "'") && m.contains(tmp.resolve("config.toml").toString())
                && m.contains(expected), m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INFINISERVICE_COLLECTION_INTERVAL | abc     | not a whole number",
        "INFINISERVICE_COLLECTION_INTERVAL | 90      | 1-60",
        "INFINISERVICE_LOG_LEVEL           | loud    | log level must be one of",
        "INFINISERVICE_SERVICE_NAME        | a;b     | service name",
        "INFINISERVICE_PROCESSES_PER_KIND  | many    | not a whole number",
        "INFINISERVICE_PROCESSES_PER_KIND  | 0       | 1-500",
    })
    void badEnvironmentValuesNameTheVariable(String var, String value, String expected) {
        Map<String, String> env = new HashMap<>();
        env.put(var, value);
        String m = assertThrows(ConfigurationException.class,
                () -> load(env, null, ConfigurationLoader.CliValues.NONE)).getMessage();
        assertTrue(m.contains(var) && m.contains(expected), m);
    }

    @Test
    void badCliIntervalNamesTheOption() {
        String m = assertThrows(ConfigurationException.class, () -> load(Map.of(), null,
                new ConfigurationLoader.CliValues(null, 0, null, false, null))).getMessage();
        assertTrue(m.contains("--interval") && m.contains("1-60"), m);
    }

    @Test
    void logLevelsMapToJavaUtilLogging() throws IOException {
        assertEquals(Level.SEVERE, loadFile("log_level = \"error\"\n").logLevel().julLevel());
        assertEquals(Level.WARNING, loadFile("log_level = \"WARNING\"\n").logLevel().julLevel());
        assertEquals(Level.FINEST, loadFile("log_level = \"trace\"\n").logLevel().julLevel());
        assertTrue(!loadFile("log_level = \"info\"\n").debug());
    }

    @Test
    void fileDoesNotSupplySecretOrVmIdButEnvironmentDoes() throws IOException {
        Path f = file("collection_interval = 30\n");
        Configuration c = load(Map.of(ConfigurationLoader.ENV_SECRET, "ab".repeat(32),
                ConfigurationLoader.ENV_VM_ID, "11111111-2222-4333-8444-555555555555"), f,
                ConfigurationLoader.CliValues.NONE);
        assertTrue(c.secretPresent());
        assertEquals("11111111-2222-4333-8444-555555555555", c.vmId());
        assertTrue(!c.toString().contains("ab".repeat(32)) && !c.effectiveSettings().toString().contains("abab"));
    }

    @Test
    void aDirectoryOrAHugeFileIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d.toml"));
        assertTrue(assertThrows(ConfigurationException.class, () -> load(Map.of(), dir,
                ConfigurationLoader.CliValues.NONE)).getMessage().contains("not a regular file"));
        String huge = "# " + "x".repeat((int) ConfigFile.MAX_BYTES) + "\n";
        assertTrue(error(huge).contains("larger than"));
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAsSuch() throws IOException {
        Path f = tmp.resolve("latin1.toml");
        Files.write(f, new byte[] {'l', 'o', 'g', '_', 'l', 'e', 'v', 'e', 'l', ' ', '=', ' ', '"', (byte) 0xE9, '"', '\n'});
        String m = assertThrows(ConfigurationException.class,
                () -> load(Map.of(), f, ConfigurationLoader.CliValues.NONE)).getMessage();
        assertTrue(m.contains(f.toString()) && m.contains("not UTF-8 text"), m);
    }

    @Test
    void windowsDefaultsLiveUnderProgramData() {
        Map<String, String> env = Map.of("ProgramData", "D:\\PD");
        assertEquals(Path.of("D:\\PD\\InfiniService\\config.toml"), WindowsServiceBoot.defaults(env).configFile());
        Configuration c = new ConfigurationLoader(env, WindowsServiceBoot.defaults(env), null).load(ConfigurationLoader.CliValues.NONE);
        assertEquals(Path.of("D:\\PD\\InfiniService"), c.stateDir());
    }

    @Test
    void theDemosShortConstructorDerivesLevelAndServiceName() {
        Configuration c = new Configuration("unix:/x", "vm", null, Path.of("/s"), 5, 10, true, true);
        assertEquals(LogLevel.DEBUG, c.logLevel());
        assertEquals("infiniservice", c.serviceName());
    }

    /** The written-out service-name check accepts exactly what its regular expression accepted. */
    @Test
    void serviceNamesAreCheckedAsTheRegularExpressionDid() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("", "a", "A", "0", "_a", ".a", "-a",
                "@a", "a_b.c@d-e", "infiniservice", "infini service", "a/b", "a;b", "a$b", "\u00e9t\u00e9", "a\u00e9",
                "\u0661", "a\n", "a\0", "x".repeat(64), "x".repeat(65), "9".repeat(64) + "-"));
        for (char c = 0; c < 256; c++) {
            names.add("a" + c);
            names.add(c + "a");
        }
        for (String n : names) {
            assertEquals(regex.matcher(n).matches(), ConfigurationLoader.isServiceName(n), n);
        }
    }
}
