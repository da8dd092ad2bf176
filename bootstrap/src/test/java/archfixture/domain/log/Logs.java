package archfixture.domain.log;

/** Not a violation: the facade itself falls back to System.getLogger when no backend is installed. */
public final class Logs {
    private Logs() {
    }

    public static System.Logger get(String name) {
        return new Deferred(name).resolve();
    }

    static final class Deferred {
        private final String name;

        Deferred(String name) {
            this.name = name;
        }

        System.Logger resolve() {
            return System.getLogger(name);
        }
    }
}
