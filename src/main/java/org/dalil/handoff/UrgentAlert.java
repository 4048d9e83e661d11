package org.dalil.handoff;

import java.time.Instant;

/**
 * What the on-call supervisor is told about an urgent conversation: no personal data (no address,
 * no message, no city), just enough to open the inbox.
 *
 * @param text the alert, already in the supervisors' language
 */
public record UrgentAlert(long handoffId, String topic, String language, String channel, Instant openedAt, String text) {}
