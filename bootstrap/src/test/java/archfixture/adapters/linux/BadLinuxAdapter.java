package archfixture.adapters.linux;

/** Planted violation: one adapter uses another. */
public class BadLinuxAdapter {
    public Object other() {
        return new archfixture.adapters.serial.BadSerialAdapter();
    }
}
