package org.infinibay.infiniservice.adapters.windows.winget;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tables {@code winget list}, {@code upgrade} and {@code search} print. winget has no
 * machine-readable output for these commands, so this parser relies only on what is stable across
 * versions and languages: a header line followed by a line of dashes; column starts taken from the
 * header's words (localised names are fine, columns are used by position); cells cut by display
 * width (East Asian wide characters take two cells, as winget pads them); a cell that winget
 * shortened ends with {@code …}. Progress spinners and bars written before the table (carriage-return
 * overwrites) are dropped; text after a table ("3 upgrades available.") is ignored. Several tables
 * (newer winget prints a second one for packages that need explicit targeting) are all returned.
 */
public final class WingetTable {

    /** One table: header names and rows of trimmed cells (as many cells as columns). */
    public record Table(List<String> header, List<List<String>> rows) {
        public Table {
            header = List.copyOf(header);
            rows = List.copyOf(rows);
        }
    }

    private WingetTable() {
    }

    public static List<Table> parse(String output) {
        List<String> lines = visibleLines(output);
        List<Table> tables = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!isRule(lines.get(i))) {
                continue;
            }
            String header = lines.get(i - 1);
            int[] starts = columnStarts(header);
            if (starts.length < 2) {
                continue;
            }
            List<String> names = cells(header, starts);
            List<List<String>> rows = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size(); j++) {
                String row = lines.get(j);
                if (row.isBlank() || (j + 1 < lines.size() && isRule(lines.get(j + 1)))) {
                    break;
                }
                if (width(row) <= starts[1]) {
                    break; // a summary sentence, not a row: rows always reach the second column
                }
                rows.add(cells(row, starts));
            }
            tables.add(new Table(names, rows));
            i = j - 1;
        }
        return tables;
    }

    /** Splits on newlines and keeps, per line, only what remains after carriage-return overwrites. */
    static List<String> visibleLines(String output) {
        List<String> out = new ArrayList<>();
        if (output == null) {
            return out;
        }
        for (String raw : output.split("\n", -1)) {
            String line = raw;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int cr = line.lastIndexOf('\r');
            if (cr >= 0) {
                line = line.substring(cr + 1);
            }
            out.add(stripTrailing(line));
        }
        return out;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static boolean isRule(String line) {
        String t = line.strip();
        if (t.length() < 10) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /** Display-cell offsets where header words start. */
    static int[] columnStarts(String header) {
        List<Integer> starts = new ArrayList<>();
        int cell = 0;
        boolean inWord = false;
        for (int i = 0; i < header.length(); ) {
            int cp = header.codePointAt(i);
            boolean space = Character.isWhitespace(cp);
            if (!space && !inWord) {
                starts.add(cell);
            }
            inWord = !space;
            cell += cellWidth(cp);
            i += Character.charCount(cp);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Cuts {@code row} at the display-cell offsets; the last column takes the rest. */
    static List<String> cells(String row, int[] starts) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int col = 0;
        int cell = 0;
        for (int i = 0; i < row.length(); ) {
            int cp = row.codePointAt(i);
            while (col + 1 < starts.length && cell >= starts[col + 1]) {
                out.add(current.toString().strip());
                current.setLength(0);
                col++;
            }
            current.appendCodePoint(cp);
            cell += cellWidth(cp);
            i += Character.charCount(cp);
        }
        out.add(current.toString().strip());
        while (out.size() < starts.length) {
            out.add("");
        }
        return out;
    }

    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += cellWidth(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Two cells for East Asian wide/fullwidth characters, zero for combining marks, else one. */
    static int cellWidth(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200B) {
            return 0;
        }
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
            return 2;
        }
        return 1;
    }

    /** True when winget shortened the cell (it ends with a horizontal ellipsis). */
    public static boolean truncated(String cell) {
        return cell.endsWith("\u2026");
    }
}
