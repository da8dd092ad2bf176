package archfixture.adapters.serial;

/** Planted violations: an adapter MACs with javax.crypto and draws from SecureRandom (JCA providers both). */
public class JcaSerialAdapter {
    public Object mac() throws java.security.NoSuchAlgorithmException {
        return javax.crypto.Mac.getInstance("HmacSHA256");
    }

    public long random() {
        return new java.security.SecureRandom().nextLong();
    }
}
