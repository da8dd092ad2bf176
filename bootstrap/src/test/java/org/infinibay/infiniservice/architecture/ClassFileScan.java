package org.infinibay.infiniservice.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads compiled class files' constant pools (JVMS §4.4): counts the {@code CONSTANT_InvokeDynamic} entries (tag 18:
 * a lambda, a method reference, a record's generated equals/hashCode/toString, a string concatenation without
 * {@code -XDstringConcat=inline}, a pattern switch) and notes which bootstrap-method classes the pool names
 * ({@link #LAMBDA}, {@link #OBJECT_METHODS}, {@link #STRING_CONCAT}), so a record's ObjectMethods-only indy can be
 * told from a lambda's. No bytecode library: the constant pool is all it needs.
 */
final class ClassFileScan {
    static final int CONSTANT_INVOKE_DYNAMIC = 18;
    static final String LAMBDA = "LambdaMetafactory";
    static final String OBJECT_METHODS = "ObjectMethods";
    static final String STRING_CONCAT = "StringConcatFactory";

    private ClassFileScan() {
    }

    /** One class file's invokedynamic entries and the bootstrap-method classes its constant pool names. */
    static final class Indy {
        final int count;
        final Set<String> bootstraps;

        Indy(int count, Set<String> bootstraps) {
            this.count = count;
            this.bootstraps = Collections.unmodifiableSet(bootstraps);
        }

        /** A record's generated equals/hashCode/toString and nothing else: linked only when one of them is called. */
        boolean onlyObjectMethods() {
            return count > 0 && bootstraps.equals(Set.of(OBJECT_METHODS));
        }

        @Override
        public String toString() {
            return count + " invokedynamic " + bootstraps;
        }
    }

    /** The main classes a module was built into: its {@code target/classes} or its jar, found from one class. */
    static Path codeSource(Class<?> anyClassOfTheModule) {
        try {
            return Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binary class name (a.b.C$D) -> its invokedynamic entries, for every class (module-info aside), sorted. */
    static Map<String, Indy> classes(Path classesDirOrJar) throws IOException {
        Map<String, Indy> out = new TreeMap<>();
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

    private static void put(Map<String, Indy> out, String relative, InputStream in) throws IOException {
        if (relative.endsWith("module-info.class")) {
            return;
        }
        out.put(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'), read(in));
    }

    /** One class file's CONSTANT_InvokeDynamic entries and the bootstrap-method classes it names. */
    static Indy read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int entries = in.readUnsignedShort();
        int found = 0;
        Set<String> bootstraps = new TreeSet<>();
        for (int i = 1; i < entries; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: // Utf8 (modified UTF-8, as readUTF reads it)
                    String utf = in.readUTF();
                    if (utf.equals("java/lang/invoke/LambdaMetafactory")) {
                        bootstraps.add(LAMBDA);
                    } else if (utf.equals("java/lang/runtime/ObjectMethods")) {
                        bootstraps.add(OBJECT_METHODS);
                    } else if (utf.equals("java/lang/invoke/StringConcatFactory")) {
                        bootstraps.add(STRING_CONCAT);
                    }
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
        return new Indy(found, bootstraps);
    }
}
