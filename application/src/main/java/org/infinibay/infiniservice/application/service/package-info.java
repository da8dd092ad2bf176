/** The use-case implementations: agent lifecycle, inbound verification and dispatch, metrics. */
package org.infinibay.infiniservice.application.service;
