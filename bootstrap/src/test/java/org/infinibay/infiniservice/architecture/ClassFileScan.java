package org.infinibay.infiniservice.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads compiled class files' constant pools (JVMS §4.4) and counts the {@code CONSTANT_InvokeDynamic} entries
 * (tag 18): a lambda, a method reference, a record's generated equals/hashCode/toString, a string concatenation
 * without {@code -XDstringConcat=inline}, a pattern switch. No bytecode library: the constant pool is all it needs.
 */
final class ClassFileScan {
    static final int CONSTANT_INVOKE_DYNAMIC = 18;

    private ClassFileScan() {
    }

    /** The main classes a module was built into: its {@code target/classes} or its jar, found from one class. */
    static Path codeSource(Class<?> anyClassOfTheModule) {
        try {
            return Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binary class name (a.b.C$D) -> invokedynamic entries, for every class with at least one, sorted. */
    static Map<String, Integer> invokeDynamics(Path classesDirOrJar) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        if (Files.isDirectory(classesDirOrJar)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(classesDirOrJar)) {
                walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
            }
            for (Path f : files) {
                String rel = classesDirOrJar.relativize(f).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(f)) {
                    put(out, rel, in);
                }
            }
        } else {
            try (JarFile jar = new JarFile(classesDirOrJar.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            put(out, entry.getName(), in);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void put(Map<String, Integer> out, String relative, InputStream in) throws IOException {
        if (relative.endsWith("module-info.class")) {
            return;
        }
        int n = count(in);
        if (n > 0) {
            out.put(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'), n);
        }
    }

    /** The number of CONSTANT_InvokeDynamic entries in one class file's constant pool. */
    static int count(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int entries = in.readUnsignedShort();
        int found = 0;
        for (int i = 1; i < entries; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: // Utf8
                    in.skipNBytes(in.readUnsignedShort());
                    break;
                case 3: case 4: // Integer, Float
                case 9: case 10: case 11: case 12: // Fieldref, Methodref, InterfaceMethodref, NameAndType
                case 17: // Dynamic
                    in.skipNBytes(4);
                    break;
                case CONSTANT_INVOKE_DYNAMIC:
                    in.skipNBytes(4);
                    found++;
                    break;
                case 5: case 6: // Long, Double: two slots
                    in.skipNBytes(8);
                    i++;
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    in.skipNBytes(2);
                    break;
                case 15: // MethodHandle
                    in.skipNBytes(3);
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return found;
    }
}
