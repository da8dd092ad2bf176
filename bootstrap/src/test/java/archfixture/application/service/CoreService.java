package archfixture.application.service;

/** A service of the core (not a port). */
public class CoreService {
}
