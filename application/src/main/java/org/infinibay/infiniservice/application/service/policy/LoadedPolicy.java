package org.infinibay.infiniservice.application.service.policy;

import java.nio.charset.StandardCharsets;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.crypto.Sha256;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * The policy in force and where it came from.
 *
 * @param policy the rules applied
 * @param source the file path, or {@link #BUILT_IN} when no file is used
 * @param digest {@code sha256:<hex>} of the file bytes, or of the built-in default's canonical form
 * @param error  why a policy file exists but is not used (owner, permissions, syntax); {@code null} when
 *               fine. Then {@link GuestPolicy#LOCKED} applies.
 */
public record LoadedPolicy(GuestPolicy policy, String source, String digest, String error) {
    public static final String BUILT_IN = "built-in default";

    /** No policy file: the built-in default. */
    public static LoadedPolicy builtIn() {
        return new LoadedPolicy(GuestPolicy.DEFAULT, BUILT_IN, defaultDigest(), null);
    }

    /**
     * A policy file that exists (or was named) but cannot be used: {@link GuestPolicy#LOCKED} applies
     * (fail closed) and the error is reported.
     */
    public static LoadedPolicy refused(String source, String error) {
        return new LoadedPolicy(GuestPolicy.LOCKED, source, digestOf(CANONICAL_LOCKED.getBytes(StandardCharsets.UTF_8)),
                error);
    }

    /** The file could not be used: the agent is locked to read-only actions until it is fixed. */
    public boolean locked() {
        return error != null;
    }

    /** The built-in default is in force (no file, or a refused one). */
    public boolean isDefault() {
        return policy == GuestPolicy.DEFAULT;
    }

    /** The {@code policy} object of the handshake and of {@code self-status}. */
    public JsonObject summary() {
        return JsonObject.builder()
                .put("source", source)
                .put("digest", digest)
                .put("default", isDefault())
                .put("locked", locked())
                .put("unsafe_commands", policy.unsafeCommands())
                .put("scripts", policy.scripts())
                .put("restricted", JsonArray.ofStrings(policy.restricted()))
                .put("error", error)
                .build();
    }

    /** {@code sha256:<lower hex>} of {@code bytes}. */
    public static String digestOf(byte[] bytes) {
        byte[] d = Sha256.hash(bytes);
        StringBuilder hex = new StringBuilder("sha256:");
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * The digest of the built-in default: SHA-256 of a fixed text naming it and its version, so the
     * value is stable across JSON renderers and releases that keep the same default.
     */
    private static String defaultDigest() {
        return digestOf(CANONICAL_DEFAULT.getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical form of {@link GuestPolicy#LOCKED}, for its digest; change it whenever LOCKED changes. */
    static final String CANONICAL_LOCKED = "# infiniservice locked guest policy v1 (the policy file cannot be used)\n"
            + "unsafe_commands = false\nscripts = false\n"
            + "[actions]\nallow = " + SafeAction.readOnlyNames() + "\n";

    /** The canonical form of {@link GuestPolicy#DEFAULT}; change it whenever the default changes. */
    static final String CANONICAL_DEFAULT = "# infiniservice built-in guest policy v1\n"
            + "unsafe_commands = true\nscripts = true\n"
            + "[actions]\nallow = [\"*\"]\ndeny = []\n"
            + "[services]\nallow = [\"*\"]\ndeny = []\n"
            + "[packages]\nallow = [\"*\"]\ndeny = []\n"
            + "[processes]\nallow = [\"*\"]\ndeny = []\n"
            + "[shells]\nallow = [\"*\"]\ndeny = []\n"
            + "[run_as]\nallow = [\"*\"]\ndeny = []\n"
            + "[budget]\nrss_mib = 128\ncpu_percent = 20\noutbound_lines = 500\noutbound_mib = 8\ncommand_backlog = 128\n";
}
