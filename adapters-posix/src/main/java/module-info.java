/**
 * What every POSIX-like guest shares: the state store and audit file (0700 directories, 0600 files,
 * written atomically), local accounts and the user directory from {@code /etc/passwd}, the bash/sh
 * shell table with its {@code PATH} lookup, and private script files (0711/0400, deleted through
 * {@code openat}/{@code O_NOFOLLOW}). A guest's wiring binds these beside its own adapters; no other
 * adapter module depends on this one.
 */
module org.infinibay.infiniservice.adapters.posix {
    requires transitive org.infinibay.infiniservice.application;

    exports org.infinibay.infiniservice.adapters.posix.state;
    exports org.infinibay.infiniservice.adapters.posix.audit;
    exports org.infinibay.infiniservice.adapters.posix.accounts;
    exports org.infinibay.infiniservice.adapters.posix.shell;
    exports org.infinibay.infiniservice.adapters.posix.scripts;
}
