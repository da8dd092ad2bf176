/**
 * Application usage for {@code data.applications} (CONTRACT §7.8), OS-neutral: the usage book and
 * the change-only sending rule over a platform's {@link org.infinibay.infiniservice.application.port.out.AppCatalog}.
 */
package org.infinibay.infiniservice.application.service.apps;

