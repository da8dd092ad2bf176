package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.message.Outbound;
import dagger.multibindings.ElementsIntoSet;
import java.util.Set;

/** Command execution on Linux: the execution engine, unsafe commands, scripts and safe actions. */
@Module
public final class LinuxActionsModule {
    private LinuxActionsModule() {
    }

    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> executors() {
        return Set.of();
    }

    @Provides
    @Singleton
    static UnsafeCommandHandler unsafe() {
        return (cmd, deadline) -> ActionResult.failure(ExitCodes.NOT_SUPPORTED, "unsafe commands are not enabled");
    }

    @Provides
    @Singleton
    static OutboundSink sink(OutboundQueue queue) {
        return queue;
    }

    @Provides
    @Singleton
    static PendingScriptsHandler scripts(OutboundSink sink, AgentSettings settings) {
        return new PendingScriptsHandler() {
            @Override
            public void requestPendingScripts() {
                sink.send(new Outbound.RequestPendingScripts(settings.vmId()));
            }

            @Override
            public void onPendingScriptsResponse(JsonArray scripts) {
            }

            @Override
            public void shutdown() {
            }
        };
    }
}
