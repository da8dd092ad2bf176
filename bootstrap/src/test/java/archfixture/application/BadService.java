package archfixture.application;

/** Planted violation: the application reaches into an adapter. */
public class BadService {
    public Object adapter() {
        return new archfixture.adapters.linux.BadLinuxAdapter();
    }
}
