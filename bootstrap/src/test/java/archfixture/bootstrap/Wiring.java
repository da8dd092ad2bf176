package archfixture.bootstrap;

public class Wiring {
}
