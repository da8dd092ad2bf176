package archfixture.application;

/** Planted violation: the core hashes with the JCA's MessageDigest instead of the agent's Sha256. */
public class PolicyDigest {
    public byte[] digest(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
