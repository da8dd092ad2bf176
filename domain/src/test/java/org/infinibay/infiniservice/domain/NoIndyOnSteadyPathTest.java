package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guard of issue #17 (round 5): no class of the domain's steady-path packages may contain an
 * {@code invokedynamic} other than a record's generated {@code equals/hashCode/toString}
 * ({@code java.lang.runtime.ObjectMethods}, linked only when called). A lambda, a method reference or
 * an indy string concatenation in such a class loads the LambdaMetafactory machinery (~90 classes)
 * into every VM's agent the first time it runs. Reads the compiled class files' constant pools
 * (tag 18 = {@code CONSTANT_InvokeDynamic}). A record whose generated methods do run in steady state
 * must write them out ({@link #WRITTEN_OUT}: no indy at all).
 */
class NoIndyOnSteadyPathTest {
    private static final String ROOT = "org/infinibay/infiniservice/domain/";
    /** Every domain package runs at start-up, in a metrics cycle or in a command's verification. */
    private static final List<String> STEADY = List.of("json/", "message/", "metrics/", "auth/", "time/", "command/");
    /**
     * Cold-path classes allowed to keep a lambda (each with why). Empty today: keep it short.
     */
    private static final Set<String> ALLOWED = Set.of();
    /** Records compared or hashed in steady state: their equals/hashCode/toString are written out. */
    private static final List<String> WRITTEN_OUT = List.of("json/JsonObject", "json/JsonArray", "json/JsonString",
            "json/JsonInt", "json/JsonFloat");

    @Test
    void steadyPathClassesHaveNoInvokeDynamic() throws IOException {
        Path classes = Paths.get("target", "classes");
        List<String> bad = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                String rel = name.substring(ROOT.length(), name.length() - ".class".length());
                if (!steady(rel) || ALLOWED.contains(rel)) {
                    continue;
                }
                scanned++;
                Indy indy = Indy.of(f);
                if (indy.count > 0 && !indy.onlyObjectMethods()) {
                    bad.add(rel + " " + indy);
                }
            }
        }
        assertTrue(scanned > 40, "scanned only " + scanned + " classes: wrong directory?");
        assertEquals(List.of(), bad, "lambda / method reference / indy concatenation on the steady path");
    }

    @Test
    void recordsUsedInSteadyStateWriteTheirMethodsOut() throws IOException {
        for (String r : WRITTEN_OUT) {
            Indy indy = Indy.of(Paths.get("target", "classes", ROOT + r + ".class"));
            assertEquals(0, indy.count, r + " " + indy);
        }
    }

    /** The check can fail: a lambda and a record compiled into the test classes are seen. */
    @Test
    void plantedViolationsAreCaught() throws IOException {
        Path test = Paths.get("target", "test-classes", ROOT);
        Indy lambda = Indy.of(test.resolve("NoIndyOnSteadyPathTest$PlantedLambda.class"));
        assertTrue(lambda.count > 0 && !lambda.onlyObjectMethods(), lambda.toString());
        Indy record = Indy.of(test.resolve("NoIndyOnSteadyPathTest$PlantedRecord.class"));
        assertTrue(record.count > 0 && record.onlyObjectMethods(), record.toString());
        assertEquals(0, Indy.of(test.resolve("NoIndyOnSteadyPathTest$Indy.class")).count - 0,
                "the scanner itself is written without lambdas");
    }

    private static boolean steady(String rel) {
        for (String p : STEADY) {
            if (rel.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static final class PlantedLambda {
        Runnable r = () -> { };
    }

    record PlantedRecord(int a) {
    }

    /** The invokedynamic entries of a class file's constant pool and the bootstrap classes it names. */
    static final class Indy {
        int count;
        final Set<String> bootstraps = new TreeSet<>();

        static Indy of(Path classFile) throws IOException {
            Indy out = new Indy();
            try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
                if (d.readInt() != 0xCAFEBABE) {
                    throw new IOException("not a class file: " + classFile);
                }
                d.readUnsignedShort();
                d.readUnsignedShort();
                int n = d.readUnsignedShort();
                for (int i = 1; i < n; i++) {
                    int tag = d.readUnsignedByte();
                    switch (tag) {
                        case 1:
                            String utf = d.readUTF();
                            if (utf.equals("java/lang/invoke/LambdaMetafactory")
                                    || utf.equals("java/lang/runtime/ObjectMethods")
                                    || utf.equals("java/lang/invoke/StringConcatFactory")) {
                                out.bootstraps.add(utf.substring(utf.lastIndexOf('/') + 1));
                            }
                            break;
                        case 7: case 8: case 16: case 19: case 20:
                            d.skipBytes(2);
                            break;
                        case 15:
                            d.skipBytes(3);
                            break;
                        case 3: case 4: case 9: case 10: case 11: case 12: case 17:
                            d.skipBytes(4);
                            break;
                        case 18:
                            out.count++;
                            d.skipBytes(4);
                            break;
                        case 5: case 6:
                            d.skipBytes(8);
                            i++;
                            break;
                        default:
                            throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                    }
                }
            }
            return out;
        }

        boolean onlyObjectMethods() {
            return bootstraps.equals(Set.of("ObjectMethods"));
        }

        @Override
        public String toString() {
            return count + " invokedynamic " + bootstraps;
        }
    }
}
