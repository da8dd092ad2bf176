package org.infinibay.infiniservice.bootstrap.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code config.toml}: a flat table of the keys in {@link Setting}. Anything else (an unknown key, a
 * table, an array, a value of the wrong TOML type) is an error naming the key and the file, so a
 * typo never silently falls back to a default (pitfall P19).
 */
public final class ConfigFile {
    /** Far beyond any real configuration; a bigger file is a mistake (or not our file). */
    static final long MAX_BYTES = 64 * 1024;

    private final Path path;
    private final Map<Setting, JsonNode> values;

    private ConfigFile(Path path, Map<Setting, JsonNode> values) {
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
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                return parse(path, new TomlMapper().readTree(r));
            }
        } catch (NoSuchFileException e) {
            if (required) {
                throw new ConfigurationException("configuration file " + path + " does not exist");
            }
            return none();
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("configuration file " + path + ": permission denied (run as root?)");
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")";
            throw new ConfigurationException("configuration file " + path + ": not valid TOML" + where + ": "
                    + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("configuration file " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigurationException("configuration file " + path + ": cannot read: " + e.getMessage());
        }
    }

    private static ConfigFile parse(Path path, JsonNode root) {
        Map<Setting, JsonNode> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode()) {
            return new ConfigFile(path, values);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Setting s = Setting.byKey(e.getKey()).orElseThrow(() -> new ConfigurationException(
                    "unknown key '" + e.getKey() + "' in " + path + " (known keys: " + Setting.keys() + ")"));
            if (e.getValue().isContainerNode()) {
                throw new ConfigurationException("key '" + e.getKey() + "' in " + path
                        + ": must be a single value, not a table or array");
            }
            values.put(s, e.getValue());
        }
        return new ConfigFile(path, values);
    }

    /** The file read, or {@code null} for {@link #none()}. */
    public Path path() {
        return path;
    }

    Map<Setting, JsonNode> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The string value of a string key; a value of another TOML type is an error. */
    String string(Setting s) {
        JsonNode n = values.get(s);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ConfigurationException(where(s) + ": must be a string (in quotes), got " + n);
        }
        return n.textValue();
    }

    /** The value of an integer key; a string such as {@code "30"} or a fraction is an error. */
    Long integer(Setting s) {
        JsonNode n = values.get(s);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw new ConfigurationException(where(s) + ": must be a whole number without quotes, got " + n);
        }
        if (!n.canConvertToLong()) {
            throw new ConfigurationException(where(s) + ": number out of range: " + n);
        }
        return n.longValue();
    }

    String where(Setting s) {
        return "key '" + s.key() + "' in " + path;
    }
}
