package org.infinibay.infiniservice.adapters.windows.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {
    @Test
    void theMultiStringIsReadAsNameValuePairs() {
        // what install-windows.ps1 writes: values may themselves hold '=' (base64, paths)
        Map<String, String> env = ServiceEnvironment.parse(new String[] {"INFINIBAY_VM_ID=1111-22",
            "INFINISERVICE_STATE_DIR=C:\\ProgramData\\InfiniService", "INFINISERVICE_SHARED_SECRET=ab=cd", "", "=x",
            "NOEQUALS"});
        assertEquals(Map.of("INFINIBAY_VM_ID", "1111-22", "INFINISERVICE_STATE_DIR", "C:\\ProgramData\\InfiniService",
                "INFINISERVICE_SHARED_SECRET", "ab=cd"), env);
        assertEquals(Map.of(), ServiceEnvironment.parse(null));
    }
}
