package org.infinibay.infiniservice.adapters.linux.apps;

/** The package owning an executable: what the host shows as version and publisher. */
record PackageRef(String name, String version, String publisher, String summary) {

    /** "Debian X Strike Force &lt;debian-x@lists.debian.org&gt;" to "Debian X Strike Force". */
    static String publisherOf(String maintainerOrVendor) {
        if (maintainerOrVendor == null) {
            return null;
        }
        String s = maintainerOrVendor.strip();
        int lt = s.indexOf('<');
        if (lt > 0) {
            s = s.substring(0, lt).strip();
        }
        return s.isEmpty() || s.equals("(none)") ? null : s;
    }
}
