package org.infinibay.infiniservice.adapters.windows.scripts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Script files on Windows (moved out of the core's ScriptFiles with issue #15): PowerShell scripts start
 * with a UTF-8 BOM (Windows PowerShell 5.1 reads a BOM-less file in the ANSI code page), cmd scripts do
 * not; deletion never follows a link out of the script's directory; no file is handed to another account.
 */
class WindowsScriptFilesTest {
    @TempDir
    Path tmp;

    @Test
    void powerShellScriptsGetABom() throws Exception {
        WindowsScriptFiles files = new WindowsScriptFiles(tmp.resolve("scripts"));
        Path ps1 = files.create("Write-Output 'é'", ".ps1", null);
        byte[] bytes = Files.readAllBytes(ps1);
        assertArrayEquals(WindowsScriptFiles.UTF8_BOM, Arrays.copyOf(bytes, 3));
        assertEquals("Write-Output 'é'", new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        Path cmd = files.create("echo x", ".cmd", null);
        assertEquals("echo x", Files.readString(cmd));
        assertEquals("script.cmd", cmd.getFileName().toString());
        assertTrue(cmd.startsWith(tmp.resolve("scripts")));
    }

    @Test
    void deletionRemovesTheRunDirectoryWithoutFollowingLinks() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path keep = Files.writeString(outside.resolve("keep.txt"), "keep");
        WindowsScriptFiles files = new WindowsScriptFiles(tmp.resolve("scripts"));
        Path script = files.create("echo x", ".cmd", null);
        Files.createSymbolicLink(script.getParent().resolve("link"), outside);
        files.delete(script);
        assertFalse(Files.exists(script.getParent()), "the run directory is gone");
        assertTrue(Files.exists(keep), "nothing behind the link was touched");
    }

    @Test
    void namedAccountsAreRefused() {
        WindowsScriptFiles files = new WindowsScriptFiles(tmp.resolve("scripts"));
        assertThrows(IOException.class, () -> files.create("x", ".cmd", "alice"));
    }
}
