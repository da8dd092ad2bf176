package org.infinibay.infiniservice.bootstrap.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /*
     * The word forms are matched by hand, not with java.util.regex: the agent reads this file at every start and
     * a compiled Pattern keeps ~40 classes (and lambdas) loaded for its life (issue #17). Each method says the
     * regex it stands for; FlatTomlTest compares them with those regexes over many inputs. Digits are ASCII
     * (the regexes' \\d without UNICODE_CHARACTER_CLASS), '.' is any character but a line terminator.
     */

    /** TOML's integer forms: the prefix to drop and the radix. */
    enum Radix {
        /** {@code [+-]?(0|[1-9](_?\\d)*)}. */
        DECIMAL(0, 10),
        /** {@code 0x[0-9A-Fa-f](_?[0-9A-Fa-f])*}. */
        HEX(2, 16),
        /** {@code 0o[0-7](_?[0-7])*}. */
        OCTAL(2, 8),
        /** {@code 0b[01](_?[01])*}. */
        BINARY(2, 2);

        final int prefix;
        final int radix;

        Radix(int prefix, int radix) {
            this.prefix = prefix;
            this.radix = radix;
        }

        /** Whether the whole word is this form. */
        boolean matches(String w) {
            if (this == DECIMAL) {
                return decimalEnd(w, sign(w, 0)) == w.length();
            }
            char p = this == HEX ? 'x' : this == OCTAL ? 'o' : 'b';
            return w.length() > 2 && w.charAt(0) == '0' && w.charAt(1) == p && digitsEnd(w, 2, radix) == w.length();
        }
    }

    /** {@code \\d{4}-\\d{2}-\\d{2}([Tt ].*)?|\\d{2}:\\d{2}:\\d{2}.*}. */
    static boolean isDateTime(String w) {
        if (w.length() >= 10 && digits(w, 0, 4) && w.charAt(4) == '-' && digits(w, 5, 2) && w.charAt(7) == '-'
                && digits(w, 8, 2)) {
            if (w.length() == 10) {
                return true;
            }
            char t = w.charAt(10);
            if ((t == 'T' || t == 't' || t == ' ') && noLineTerminator(w, 11)) {
                return true;
            }
        }
        return w.length() >= 8 && digits(w, 0, 2) && w.charAt(2) == ':' && digits(w, 3, 2) && w.charAt(5) == ':'
                && digits(w, 6, 2) && noLineTerminator(w, 8);
    }

    /** {@code [+-]?(inf|nan)|[+-]?(0|[1-9](_?\\d)*)(\\.\\d(_?\\d)*)?([eE][+-]?\\d(_?\\d)*)?}. */
    static boolean isFloat(String w) {
        int i = sign(w, 0);
        if (w.length() - i == 3 && (w.startsWith("inf", i) || w.startsWith("nan", i))) {
            return true;
        }
        i = decimalEnd(w, i);
        if (i < 0) {
            return false;
        }
        if (i < w.length() && w.charAt(i) == '.') {
            i = digitsEnd(w, i + 1, 10);
            if (i < 0) {
                return false;
            }
        }
        if (i < w.length() && (w.charAt(i) == 'e' || w.charAt(i) == 'E')) {
            i = digitsEnd(w, sign(w, i + 1), 10);
            if (i < 0) {
                return false;
            }
        }
        return i == w.length();
    }

    /** The index after an optional {@code [+-]} at {@code i}. */
    private static int sign(String w, int i) {
        return i < w.length() && (w.charAt(i) == '+' || w.charAt(i) == '-') ? i + 1 : i;
    }

    /** The end of {@code 0|[1-9](_?\\d)*} at {@code i}, or -1 when it does not start there. */
    private static int decimalEnd(String w, int i) {
        if (i >= w.length() || digit(w.charAt(i), 10) < 0) {
            return -1;
        }
        return w.charAt(i) == '0' ? i + 1 : digitsEnd(w, i, 10);
    }

    /**
     * The end of the longest {@code d(_?d)*} at {@code i} (d a digit of the radix), or -1 when no digit is
     * there. Longest is what the regexes match: what may follow ('.', 'e', the end) is neither a digit nor '_'.
     */
    private static int digitsEnd(String w, int i, int radix) {
        if (i >= w.length() || digit(w.charAt(i), radix) < 0) {
            return -1;
        }
        i++;
        while (i < w.length()) {
            if (digit(w.charAt(i), radix) >= 0) {
                i++;
            } else if (w.charAt(i) == '_' && i + 1 < w.length() && digit(w.charAt(i + 1), radix) >= 0) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** Whether {@code n} ASCII decimal digits are at {@code i}. */
    private static boolean digits(String w, int i, int n) {
        for (int k = i; k < i + n; k++) {
            if (digit(w.charAt(k), 10) < 0) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII digit's value in the radix (2, 8, 10 or 16), or -1; never a non-ASCII digit. */
    static int digit(char c, int radix) {
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else {
            return -1;
        }
        return v < radix ? v : -1;
    }

    /** {@code .*} from {@code i}: no line terminator of java.util.regex ({@code \\n \\r \\u0085 \\u2028 \\u2029}). */
    private static boolean noLineTerminator(String w, int i) {
        for (int k = i; k < w.length(); k++) {
            char c = w.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
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
        if (isDateTime(word)) {
            return new Entry(key, Type.DATETIME, word, null, at);
        }
        for (Radix r : Radix.values()) {
            if (r.matches(word)) {
                BigInteger v = new BigInteger(word.substring(r.prefix).replace("_", ""), r.radix);
                return new Entry(key, Type.INTEGER, word, v.bitLength() < 64 ? v.longValue() : null, at);
            }
        }
        if (isFloat(word)) {
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
                if (pos + n > text.length() || !hexDigits(text, pos, n)) {
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

    /** {@code [0-9A-Fa-f]+} over {@code n > 0} characters at {@code i}. */
    static boolean hexDigits(String s, int i, int n) {
        for (int k = i; k < i + n; k++) {
            if (digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
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
