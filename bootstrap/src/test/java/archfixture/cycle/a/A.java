package archfixture.cycle.a;

/** Planted package cycle: a -> b -> a. */
public class A {
    public archfixture.cycle.b.B b;
}
