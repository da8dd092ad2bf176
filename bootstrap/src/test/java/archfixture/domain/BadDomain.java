package archfixture.domain;

/** Planted violation: the domain uses a JSON library. */
public class BadDomain {
    public Object factory() {
        return new com.fasterxml.jackson.core.JsonFactory();
    }
}
