package archfixture.bootstrap.wiring;

/** Planted violation: the wiring every guest shares names an adapter class. */
public class SharedWiring {
    public Object linux() {
        return new archfixture.adapters.linux.BadLinuxAdapter();
    }
}
