package org.infinibay.infiniservice.bootstrap.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code config.toml}: a flat table of the keys in {@link Setting}. Anything else (an unknown key, a
 * table, an array, a value of the wrong TOML type) is an error naming the key and the file, so a
 * typo never silently falls back to a default (pitfall P19).
 *
 * <p>Read by {@link FlatToml}, not the TOML library: the DEB/RPM always ship this file, and the
 * library's classes would stay loaded for the agent's whole life (docs/performance.md).
 */
public final class ConfigFile {
    /** Far beyond any real configuration; a bigger file is a mistake (or not our file). */
    static final long MAX_BYTES = 64 * 1024;

    private final Path path;
    private final Map<Setting, Scalar> values;

    /** A single TOML value: its token, its text as written back in messages, and a whole number. */
    record Scalar(FlatToml.Type type, String text, Long whole) {
        @Override
        public String toString() {
            return type == FlatToml.Type.STRING ? '"' + text + '"' : text;
        }
    }

    private ConfigFile(Path path, Map<Setting, Scalar> values) {
        this.path = path;
        this.values = values;
    }

    /** No file: every setting falls through to its default. */
    public static ConfigFile none() {
        return new ConfigFile(null, Map.of());
    }

    /**
     * Reads and checks the file. {@code required}: a missing file is an error (it was named
     * explicitly); otherwise a missing file means "no file".
     */
    public static ConfigFile read(Path path, boolean required) {
        try {
            if (!Files.exists(path)) {
                if (required) {
                    throw new ConfigurationException("configuration file " + path + " does not exist");
                }
                return none();
            }
            if (!Files.isRegularFile(path)) {
                throw new ConfigurationException("configuration file " + path + " is not a regular file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new ConfigurationException("configuration file " + path + " is larger than " + MAX_BYTES
                        + " bytes");
            }
            // a fresh decoder reports malformed input (CharacterCodingException) instead of replacing it
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
            try {
                return parse(path, FlatToml.parse(text));
            } catch (FlatToml.SyntaxError e) {
                throw new ConfigurationException("configuration file " + path + ": not valid TOML (line " + e.line
                        + ", column " + e.column + "): " + e.getMessage());
            }
        } catch (NoSuchFileException e) {
            if (required) {
                throw new ConfigurationException("configuration file " + path + " does not exist");
            }
            return none();
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("configuration file " + path + ": permission denied (run as root?)");
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("configuration file " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigurationException("configuration file " + path + ": cannot read: " + e.getMessage());
        }
    }

    private static ConfigFile parse(Path path, List<FlatToml.Entry> entries) {
        Map<Setting, Scalar> values = new LinkedHashMap<>();
        for (FlatToml.Entry e : entries) {
            String key = e.key();
            Optional<Setting> known = Setting.byKey(key);
            if (known.isEmpty()) {
                throw new ConfigurationException("unknown key '" + key + "' in " + path + " (known keys: "
                        + Setting.keys() + ")");
            }
            Setting s = known.get();
            if (e.type() == FlatToml.Type.TABLE || e.type() == FlatToml.Type.ARRAY) {
                throw new ConfigurationException("key '" + key + "' in " + path
                        + ": must be a single value, not a table or array");
            }
            values.put(s, new Scalar(e.type(), e.text(), e.whole()));
        }
        return new ConfigFile(path, values);
    }

    /** The file read, or {@code null} for {@link #none()}. */
    public Path path() {
        return path;
    }

    Map<Setting, Scalar> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The string value of a string key; a value of another TOML type is an error. */
    String string(Setting s) {
        Scalar n = values.get(s);
        if (n == null) {
            return null;
        }
        if (n.type() != FlatToml.Type.STRING) {
            throw new ConfigurationException(where(s) + ": must be a string (in quotes), got " + n);
        }
        return n.text();
    }

    /** The value of an integer key; a string such as {@code "30"} or a fraction is an error. */
    Long integer(Setting s) {
        Scalar n = values.get(s);
        if (n == null) {
            return null;
        }
        if (n.type() != FlatToml.Type.INTEGER) {
            throw new ConfigurationException(where(s) + ": must be a whole number without quotes, got " + n);
        }
        if (n.whole() == null) {
            throw new ConfigurationException(where(s) + ": number out of range: " + n);
        }
        return n.whole();
    }

    String where(Setting s) {
        return "key '" + s.key() + "' in " + path;
    }
}
