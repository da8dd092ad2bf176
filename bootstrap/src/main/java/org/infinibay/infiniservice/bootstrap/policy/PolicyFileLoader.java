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
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Loads {@code policy.toml} once at start. No file at the default path: the built-in default (which
 * allows everything the host sends today). A file that exists but cannot be trusted (owner,
 * permissions) or read (syntax, unknown or duplicate key, wrong type, out-of-range budget, too big,
 * not UTF-8, control characters), or a {@code --policy} file that does not exist, is refused and the
 * agent fails closed: {@link GuestPolicy#LOCKED} applies (no unsafe commands, no scripts, only
 * read-only actions; metrics go on) until the file is fixed and the agent restarted. The refusal is an
 * ERROR in the journal, an {@code agent_event} to the host, {@code policy.error}/{@code locked} in the
 * handshake and a problem in {@code diagnose}. The agent always starts and stays visible, so the host
 * never loses a VM to a typo, and a file the owner wrote to restrict something never leaves it open.
 *
 * <p>A UTF-8 byte-order mark is skipped and CRLF line ends are TOML's own: an otherwise valid file
 * saved by a Windows editor applies as written (its restrictions hold; it is not "broken").
 */
public final class PolicyFileLoader implements PolicySource {
    static final long MAX_BYTES = 256 * 1024;
    private static final System.Logger LOG = Logs.get(PolicyFileLoader.class);

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
            GuestPolicy policy = PolicyFileParser.parse(text(bytes));
            LoadedPolicy loaded = new LoadedPolicy(policy, source, LoadedPolicy.digestOf(bytes), null);
            LOG.log(System.Logger.Level.INFO, "guest policy {0} ({1}): unsafe_commands={2}, scripts={3}, "
                    + "restricted {4}", source, loaded.digest(), policy.unsafeCommands(), policy.scripts(),
                    policy.restricted());
            return loaded;
        } catch (PolicyFileException e) {
            return refused(source, "policy file " + file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            return refused(source, "policy file " + file + " disappeared while being read");
        } catch (CharacterCodingException e) {
            return refused(source, "policy file " + file + " is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            return refused(source, "policy file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static LoadedPolicy refused(String source, String error) {
        LOG.log(System.Logger.Level.ERROR, "{0}; the agent is LOCKED until the file is fixed and the agent "
                + "restarted: no unsafe commands, no scripts, only read-only actions (metrics continue)", error);
        return LoadedPolicy.refused(source, error);
    }

    /** Strict UTF-8 without control characters (tab, CR and LF aside); a leading BOM is skipped. */
    static String text(byte[] bytes) throws CharacterCodingException {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
                throw new PolicyFileException("control character 0x" + Integer.toHexString(b) + " at byte " + i);
            }
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    }
}
