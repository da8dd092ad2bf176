package archfixture.adapters.windows;

/** Allowed: the Windows adapter may use the JCA (the rule exempts it). */
public class WindowsDigest {
    public byte[] digest(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
