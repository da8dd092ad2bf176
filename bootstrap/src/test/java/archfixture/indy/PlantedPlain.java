package archfixture.indy;

/** NoInvokeDynamicTest's clean fixture: string concatenation with -XDstringConcat=inline, no invokedynamic. */
public final class PlantedPlain {
    private PlantedPlain() {
    }

    public static String greet(String name) {
        return "hello " + name;
    }
}
