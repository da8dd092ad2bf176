/**
 * A fake guest OS for tests: in-memory adapters behind the application's ports, wired by its own Dagger
 * component through bootstrap's exported guest API. It requires nothing else of the product: were it to
 * reach a service of the core (application exports those to bootstrap only), bootstrap's wiring or an
 * adapter module, it would not compile (ExportedApiOnlyTest shows the compiler refusing such a module).
 */
module org.infinibay.infiniservice.testkit.fakeos {
    requires org.infinibay.infiniservice.application; // its ports, and the domain (transitively)
    requires org.infinibay.infiniservice.bootstrap; // guest, config, policy, os.serial: the exported wiring API
    requires dagger;
    requires jakarta.inject;

    exports org.infinibay.infiniservice.testkit.fakeos;
}
