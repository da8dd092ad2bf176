package org.infinibay.infiniservice.bootstrap.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the part of TOML that {@code config.toml} is made of: {@code key = value} lines with
 * comments, where a value is a string (basic or literal), an integer (decimal, hex, octal or
 * binary, with underscores), a float, a boolean or a date-time. Tables, arrays, inline tables and
 * dotted keys are recognised and returned as such, so that the caller can name the key that is not
 * a single value; multi-line strings are a syntax error.
 *
 * <p>Why not the TOML library: the service reads this file once at start-up, and the library's
 * parser (with the jackson-databind tree it builds internally) is ~50 classes that would stay
 * loaded for the life of the agent, 0.5 MiB of resident memory (docs/performance.md). The guest
 * policy file, which uses arrays and tables, is still read with the library, only when present.
 */
final class FlatToml {
    enum Type { STRING, INTEGER, FLOAT, BOOLEAN, DATETIME, ARRAY, TABLE }

    /** One top-level entry; {@code whole} is an integer's value, {@code null} when it does not fit a long. */
    record Entry(String key, Type type, String text, Long whole, int line) {
    }

    /** A syntax error at a line and column (both from 1). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([Tt ].*)?|\\d{2}:\\d{2}:\\d{2}.*");
    /** Checked after the integers, so a plain integer never reaches it. */
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(inf|nan)|[+-]?(0|[1-9](_?\\d)*)(\\.\\d(_?\\d)*)?([eE][+-]?\\d(_?\\d)*)?");

    /** TOML's integer forms: the pattern of the whole word, the prefix to drop and the radix. */
    private enum Radix {
        DECIMAL("[+-]?(0|[1-9](_?\\d)*)", 0, 10),
        HEX("0x[0-9A-Fa-f](_?[0-9A-Fa-f])*", 2, 16),
        OCTAL("0o[0-7](_?[0-7])*", 2, 8),
        BINARY("0b[01](_?[01])*", 2, 2);

        final Pattern pattern;
        final int prefix;
        final int radix;

        Radix(String regex, int prefix, int radix) {
            this.pattern = Pattern.compile(regex);
            this.prefix = prefix;
            this.radix = radix;
        }
    }

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private FlatToml(String text) {
        this.text = text;
    }

    static List<Entry> parse(String text) throws SyntaxError {
        return new FlatToml(text).entries();
    }

    private List<Entry> entries() throws SyntaxError {
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (text.startsWith("\uFEFF")) {
            pos = 1;
        }
        while (true) {
            skipBlank();
            if (pos >= text.length()) {
                return out;
            }
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                newline();
                continue;
            }
            if (c == '#') {
                skipComment();
                continue;
            }
            Entry e = c == '[' ? tableHeader() : keyValue();
            if (!seen.add(e.key())) {
                throw error("Duplicate key '" + e.key() + "'");
            }
            out.add(e);
            if (e.type() == Type.TABLE || e.type() == Type.ARRAY) {
                return out; // not a single value: the caller rejects it, so the rest is not read
            }
            endOfLine();
        }
    }

    private Entry tableHeader() throws SyntaxError {
        int at = line;
        pos++;
        if (peek() == '[') {
            pos++;
        }
        skipBlank();
        String key = key();
        return new Entry(key, Type.TABLE, null, null, at);
    }

    private Entry keyValue() throws SyntaxError {
        int at = line;
        String key = key();
        skipBlank();
        if (peek() == '.') {
            return new Entry(key, Type.TABLE, null, null, at); // a dotted key: key is a table
        }
        if (peek() != '=') {
            throw error("expected '=' after key '" + key + "'");
        }
        pos++;
        skipBlank();
        return value(key, at);
    }

    private String key() throws SyntaxError {
        char c = peek();
        if (c == '"' || c == '\'') {
            String k = c == '"' ? basicString() : literalString();
            if (k.isEmpty()) {
                throw error("empty key");
            }
            return k;
        }
        int start = pos;
        while (pos < text.length() && bareKeyChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a key");
        }
        return text.substring(start, pos);
    }

    private Entry value(String key, int at) throws SyntaxError {
        char c = peek();
        if (c == '"' || c == '\'') {
            if (text.startsWith(c == '"' ? "\"\"\"" : "'''", pos)) {
                throw error("multi-line strings are not supported in this file");
            }
            return new Entry(key, Type.STRING, c == '"' ? basicString() : literalString(), null, at);
        }
        if (c == '[') {
            return new Entry(key, Type.ARRAY, null, null, at);
        }
        if (c == '{') {
            return new Entry(key, Type.TABLE, null, null, at);
        }
        int start = pos;
        while (pos < text.length() && " \t\r\n#".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.isEmpty()) {
            throw error("expected a value for key '" + key + "'");
        }
        if (word.equals("true") || word.equals("false")) {
            return new Entry(key, Type.BOOLEAN, word, null, at);
        }
        if (DATETIME.matcher(word).matches()) {
            return new Entry(key, Type.DATETIME, word, null, at);
        }
        for (Radix r : Radix.values()) {
            if (r.pattern.matcher(word).matches()) {
                BigInteger v = new BigInteger(word.substring(r.prefix).replace("_", ""), r.radix);
                return new Entry(key, Type.INTEGER, word, v.bitLength() < 64 ? v.longValue() : null, at);
            }
        }
        if (FLOAT.matcher(word).matches()) {
            return new Entry(key, Type.FLOAT, word, null, at);
        }
        pos = start;
        throw error("invalid value '" + word + "' for key '" + key + "'");
    }

    private String basicString() throws SyntaxError {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(escape());
            } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                pos--;
                throw error("control character in a string");
            } else {
                sb.append(c);
            }
        }
    }

    private String escape() throws SyntaxError {
        char e = pos < text.length() ? text.charAt(pos++) : 0;
        switch (e) {
            case 'b': return "\b";
            case 't': return "\t";
            case 'n': return "\n";
            case 'f': return "\f";
            case 'r': return "\r";
            case 'e': return "\u001b";
            case '"': return "\"";
            case '\\': return "\\";
            case 'u':
            case 'U': {
                int n = e == 'u' ? 4 : 8;
                if (pos + n > text.length() || !text.substring(pos, pos + n).matches("[0-9A-Fa-f]+")) {
                    throw error("invalid unicode escape");
                }
                int cp = Integer.parseUnsignedInt(text.substring(pos, pos + n), 16);
                if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw error("invalid unicode escape");
                }
                pos += n;
                return new String(Character.toChars(cp));
            }
            default:
                pos--;
                throw error("invalid escape sequence");
        }
    }

    private String literalString() throws SyntaxError {
        int start = ++pos;
        while (pos < text.length() && text.charAt(pos) != '\'') {
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                throw error("unterminated string");
            }
            pos++;
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        return text.substring(start, pos++);
    }

    private void endOfLine() throws SyntaxError {
        skipBlank();
        if (pos >= text.length()) {
            return;
        }
        char c = text.charAt(pos);
        if (c == '#') {
            skipComment();
        } else if (c != '\n' && c != '\r') {
            throw error("unexpected text after the value");
        }
    }

    private void skipBlank() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void newline() throws SyntaxError {
        if (text.charAt(pos) == '\r') {
            if (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n') {
                throw error("a lone carriage return");
            }
            pos++;
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private static boolean bareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, line, pos - lineStart + 1);
    }
}
