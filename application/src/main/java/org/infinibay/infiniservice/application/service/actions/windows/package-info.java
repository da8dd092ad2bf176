/**
 * The Windows-only safe actions of CONTRACT §8.5 (updates through the update agent, Defender,
 * application inventory, ExecutePowerShellScript) as pure handlers: they build the §8.5 data shapes
 * over OS-neutral ports of {@code port.out.os}; the PowerShell, registry and SCM implementations
 * live in the Windows adapter.
 */
package org.infinibay.infiniservice.application.service.actions.windows;
