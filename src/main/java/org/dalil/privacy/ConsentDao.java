package org.dalil.privacy;

import java.time.Instant;
import org.dalil.flow.PrivacyState;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A contact's consent and erasure request, as the engine needs them and as its events change them. */
@RegisterConstructorMapper(PrivacyState.class)
public interface ConsentDao {

  @SqlQuery("""
      SELECT notice_shown_at IS NOT NULL AS notice_shown, consented_at IS NOT NULL AS agreed,
             erasure_asked_at IS NOT NULL AS erasure_asked
      FROM contacts WHERE id = :contactId""")
  PrivacyState privacyOf(long contactId);

  String NOTICE_SHOWN = "UPDATE contacts SET notice_shown_at = :at WHERE id = :contactId AND notice_shown_at IS NULL";
  String CONSENT_GIVEN = "UPDATE contacts SET consented_at = :at WHERE id = :contactId AND consented_at IS NULL";

  @SqlUpdate(NOTICE_SHOWN)
  void noticeShown(long contactId, Instant at);

  @SqlUpdate(CONSENT_GIVEN)
  void consentGiven(long contactId, Instant at);

  @SqlUpdate("UPDATE contacts SET erasure_asked_at = :at WHERE id = :contactId")
  void erasureAsked(long contactId, Instant at);

  @SqlUpdate("UPDATE contacts SET erasure_asked_at = NULL WHERE id = :contactId")
  void erasureCancelled(long contactId);
}
