package archfixture.adapters.serial;

/** Planted violations: an adapter depends on bootstrap and on Picocli. */
public class BadSerialAdapter {
    public Object wiring() {
        return new archfixture.bootstrap.Wiring();
    }

    public Object cli() {
        return new picocli.CommandLine(new Object());
    }
}
