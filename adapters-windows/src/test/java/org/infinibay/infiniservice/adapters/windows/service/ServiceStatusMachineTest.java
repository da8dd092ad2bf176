package org.infinibay.infiniservice.adapters.windows.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceStatusMachineTest {
    private final ServiceStatusMachine m = new ServiceStatusMachine();

    @Test
    void lifecycleReportsWhatTheScmExpects() {
        ServiceStatus s = m.starting();
        assertEquals(ServiceStatus.SERVICE_START_PENDING, s.currentState());
        assertEquals(0, s.controlsAccepted(), "no controls while starting");
        assertTrue(s.waitHintMillis() > 0 && s.checkPoint() > 0);
        s = m.running();
        assertEquals(ServiceStatus.SERVICE_RUNNING, s.currentState());
        assertEquals(0x1 | 0x4 | 0x100, s.controlsAccepted(), "stop, shutdown, preshutdown");
        ServiceStatus p1 = m.stopping();
        ServiceStatus p2 = m.stopping();
        assertTrue(p2.checkPoint() > p1.checkPoint(), "check point advances while stopping");
        assertEquals(0, m.stopped(false).win32ExitCode());
        assertEquals(1066, m.stopped(true).win32ExitCode());
    }

    @Test
    void controls() {
        m.running();
        for (int c : new int[] {1, 5, 0xF}) {
            ServiceStatusMachine fresh = new ServiceStatusMachine();
            fresh.running();
            assertEquals(ServiceStatusMachine.ControlAction.STOP, fresh.onControl(c).action(), "control " + c);
        }
        assertEquals(ServiceStatusMachine.ControlAction.REPORT, m.onControl(4).action(), "interrogate");
        assertEquals(120, m.onControl(2).returnCode(), "pause is not implemented");
        m.stopping();
        assertEquals(ServiceStatusMachine.ControlAction.REPORT, m.onControl(1).action(), "a second stop only reports");
    }

    @Test
    void notStartedByTheScm() {
        assertTrue(ScmServiceHost.isNotAService(1063));
    }
}
