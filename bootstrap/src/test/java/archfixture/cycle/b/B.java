package archfixture.cycle.b;

public class B {
    public archfixture.cycle.a.A a;
}
