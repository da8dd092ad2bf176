package org.infinibay.infiniservice.bootstrap.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.PolicySource;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;

/**
 * Loads {@code policy.toml} once at start. No file at the default path: the built-in default (which
 * allows everything the host sends today). A file that exists but cannot be trusted (owner,
 * permissions) or read (syntax, unknown key, too big), or a {@code --policy} file that does not
 * exist, is refused: the agent logs an ERROR, applies the built-in default and reports the error in
 * the handshake's {@code policy.error} and in {@code diagnose}. The agent always starts, so the host
 * never loses a VM to a typo, and an untrusted file can never change what the agent allows.
 */
public final class PolicyFileLoader implements PolicySource {
    static final long MAX_BYTES = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(PolicyFileLoader.class.getName());

    private final PolicyLocation location;

    public PolicyFileLoader(PolicyLocation location) {
        this.location = location;
    }

    @Override
    public LoadedPolicy load() {
        Path file = location.path();
        String source = file.toString();
        try {
            if (!Files.exists(file)) {
                if (location.explicit()) {
                    return refused(source, "policy file " + file + " does not exist");
                }
                LOG.log(System.Logger.Level.INFO, "no guest policy at {0}: built-in default (everything allowed)", file);
                return LoadedPolicy.builtIn();
            }
            Path real = file.toRealPath();
            if (!Files.isRegularFile(real)) {
                return refused(source, "policy file " + file + " is not a regular file");
            }
            Optional<String> untrusted = FileTrust.problem(real);
            if (untrusted.isPresent()) {
                return refused(source, "policy file refused: " + untrusted.get());
            }
            if (Files.size(real) > MAX_BYTES) {
                return refused(source, "policy file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(real);
            GuestPolicy policy = PolicyFileParser.parse(utf8(bytes));
            LoadedPolicy loaded = new LoadedPolicy(policy, source, LoadedPolicy.digestOf(bytes), null);
            LOG.log(System.Logger.Level.INFO, "guest policy {0} ({1}): unsafe_commands={2}, scripts={3}, "
                    + "restricted {4}", source, loaded.digest(), policy.unsafeCommands(), policy.scripts(),
                    policy.restricted());
            return loaded;
        } catch (PolicyFileException e) {
            return refused(source, "policy file " + file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            return refused(source, "policy file " + file + " disappeared while being read");
        } catch (IOException | RuntimeException e) {
            return refused(source, "policy file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static LoadedPolicy refused(String source, String error) {
        LOG.log(System.Logger.Level.ERROR, "{0}; applying the built-in default policy instead", error);
        return LoadedPolicy.refused(source, error);
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
