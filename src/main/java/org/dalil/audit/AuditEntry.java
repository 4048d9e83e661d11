package org.dalil.audit;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param actorId the volunteer who acted, null for the system
 * @param actorEmail their e-mail, for reading the log
 * @param detail a short description without personal data of contacts (no message bodies)
 */
public record AuditEntry(
    long id, Instant at, Long actorId, String actorEmail, AuditAction action, Long contactId, Long handoffId,
    String detail) {}
