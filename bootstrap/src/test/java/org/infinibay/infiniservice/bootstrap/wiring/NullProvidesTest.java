package org.infinibay.infiniservice.bootstrap.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.config.GuestDefaults;
import org.infinibay.infiniservice.bootstrap.guest.GuestOs;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.os.linux.LinuxSystem;
import org.infinibay.infiniservice.bootstrap.os.windows.WindowsServiceBoot;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bootstrap compiles Dagger with {@code -Adagger.nullableValidation=WARNING}: the components call the
 * modules' {@code @Provides} methods directly, without Dagger's per-result null check (which lived in
 * a generated factory class per binding, ~46 classes loaded at every start). The check moves here: on
 * the real Linux and Windows components, every port the guest component provides and every object the
 * agent component provides is non-null, so nothing null reaches a constructor. A provider that returns
 * null fails this test (see {@link #aNullProviderIsFound}).
 */
class NullProvidesTest {
    @TempDir
    Path tmp;

    private Configuration configuration(GuestDefaults defaults) {
        Map<String, String> env = new HashMap<>();
        env.put("INFINISERVICE_VM_ID", "wiring-test");
        return new ConfigurationLoader(env, defaults, tmp.resolve("absent.toml"))
                .load(new ConfigurationLoader.CliValues(null, null, tmp.resolve("state").toString(), false, null));
    }

    private void assertNothingNull(GuestOsFactory guest, GuestDefaults defaults) throws Exception {
        Configuration c = configuration(defaults);
        AgentComponent agent = Assembly.assemble(guest, c, "0.0.0-test", new PolicyLocation(tmp.resolve("none.toml"), false));
        GuestOs os = guest.create(c, (CoreComponent) agent);
        List<String> nulls = new ArrayList<>();
        int checked = nullResults(GuestOs.class, os, nulls) + nullResults(AgentComponent.class, agent, nulls);
        assertEquals(List.of(), nulls, "provided null");
        assertTrue(checked >= 40, "the components' provision methods were all called: " + checked);
    }

    /** Calls every no-argument abstract method {@code type} declares or inherits; adds those returning null. */
    static int nullResults(Class<?> type, Object instance, List<String> nulls) throws Exception {
        int checked = 0;
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && Modifier.isAbstract(m.getModifiers()) && m.getReturnType() != void.class) {
                checked++;
                if (m.invoke(instance) == null) {
                    nulls.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        return checked;
    }

    @Test
    void linuxProvidesNoNull() throws Exception {
        assertNothingNull(LinuxSystem.guest(), LinuxSystem.defaults());
    }

    @Test
    void windowsProvidesNoNull() throws Exception {
        assertNothingNull(WindowsServiceBoot.guest(), WindowsServiceBoot.defaults(Map.of()));
    }

    /** The planted violation: a component whose method returns null is reported by name. */
    @Test
    void aNullProviderIsFound() throws Exception {
        List<String> nulls = new ArrayList<>();
        nullResults(Planted.class, (Planted) () -> null, nulls);
        assertEquals(List.of("Planted.port"), nulls);
    }

    interface Planted {
        Object port();
    }
}
