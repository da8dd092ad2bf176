package org.infinibay.infiniservice.adapters.windows.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OemFallbackInputStreamTest {
    private static final Charset CP850 = OemFallbackInputStream.charsetFor(850);

    /** Delivers the bytes in the given chunk sizes, as a pipe would. */
    private static InputStream chunked(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void utf8PassesThroughEvenWhenSplitAcrossReads() throws Exception {
        byte[] utf8 = "Größe: 5 € — 日本".getBytes(StandardCharsets.UTF_8);
        OemFallbackInputStream in = new OemFallbackInputStream(chunked(utf8, 1), CP850);
        assertEquals("Größe: 5 € — 日本", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertFalse(in.switchedToOem());
    }

    @Test
    void oemOutputIsDecodedWithTheOemCodePage() throws Exception {
        // "Verzeichnis von C:\Benutzer\Jörg" as cmd.exe prints it on a German system (code page 850)
        byte[] oem = "Verzeichnis von C:\\Benutzer\\Jörg\r\nGröße".getBytes(CP850);
        OemFallbackInputStream in = new OemFallbackInputStream(chunked(oem, 7), CP850);
        assertEquals("Verzeichnis von C:\\Benutzer\\Jörg\r\nGröße", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(in.switchedToOem());
    }

    @Test
    void incompleteSequenceDetection() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes
        assertEquals(0, OemFallbackInputStream.completeLength(new byte[] {euro[0], euro[1]}));
        assertEquals(3, OemFallbackInputStream.completeLength(euro));
        assertEquals(1, OemFallbackInputStream.completeLength(new byte[] {'a', euro[0]}));
        assertTrue(List.of("IBM850", "x-IBM850").contains(CP850.name()) || CP850.name().contains("850"));
    }
}
