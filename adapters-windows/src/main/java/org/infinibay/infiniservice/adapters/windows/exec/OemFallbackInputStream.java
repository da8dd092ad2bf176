package org.infinibay.infiniservice.adapters.windows.exec;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Hands the engine UTF-8 even when a console program wrote in the OEM code page (CONTRACT §10.2:
 * "if the bytes are not valid UTF-8, decode with the console OEM code page"). Bytes pass through
 * unchanged while they are valid UTF-8; from the first invalid sequence on, everything still to come
 * is decoded as OEM and re-encoded as UTF-8 (a program does not switch encodings mid-stream). A
 * UTF-8 sequence split across reads is held back until it completes.
 */
public final class OemFallbackInputStream extends FilterInputStream {
    private final Charset oem;
    private final byte[] carry = new byte[4];
    private int carried;
    private boolean oemMode;
    private byte[] pending = new byte[0];
    private int pendingPos;
    private boolean eof;

    public OemFallbackInputStream(InputStream in, Charset oem) {
        super(in);
        this.oem = oem;
    }

    /** The Java charset for a Windows OEM code page number ({@code GetOEMCP()}), UTF-8 if unknown. */
    public static Charset charsetFor(int codePage) {
        String[] names = {"IBM" + codePage, "Cp" + codePage, "x-IBM" + codePage, "windows-" + codePage};
        for (String n : names) {
            try {
                return Charset.forName(n);
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        return StandardCharsets.UTF_8;
    }

    public boolean switchedToOem() {
        return oemMode;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pendingPos >= pending.length) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, b, off, n);
        pendingPos += n;
        return n;
    }

    private void fill() throws IOException {
        byte[] raw = new byte[8192];
        int n = in.read(raw);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(n > 0 ? n + carried : carried);
        chunk.write(carry, 0, carried);
        carried = 0;
        if (n < 0) {
            eof = true;
        } else {
            chunk.write(raw, 0, n);
        }
        byte[] data = chunk.toByteArray();
        pendingPos = 0;
        if (oemMode) {
            pending = transcode(data);
            return;
        }
        int complete = eof ? data.length : completeLength(data);
        if (isUtf8(data, complete)) {
            pending = java.util.Arrays.copyOf(data, complete);
            carried = data.length - complete;
            System.arraycopy(data, complete, carry, 0, carried);
        } else {
            oemMode = true;
            pending = transcode(data);
        }
    }

    private byte[] transcode(byte[] data) {
        return new String(data, oem).getBytes(StandardCharsets.UTF_8);
    }

    /** Length without a trailing, possibly incomplete UTF-8 sequence (at most 3 bytes held back). */
    static int completeLength(byte[] d) {
        int n = d.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = d[n - back] & 0xff;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead byte
            }
            int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }

    static boolean isUtf8(byte[] d, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(d, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
