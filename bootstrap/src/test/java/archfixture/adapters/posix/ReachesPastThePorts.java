package archfixture.adapters.posix;

/** Planted violations: an adapter calls a core service instead of a port, and uses another adapter. */
public class ReachesPastThePorts {
    public Object service() {
        return new archfixture.application.service.CoreService();
    }

    public Object otherAdapter() {
        return new archfixture.adapters.linux.BadLinuxAdapter();
    }
}
