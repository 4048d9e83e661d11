package org.dalil.handoff;

/** Tells the on-call supervisor about an urgent conversation, at once. */
public interface UrgentNotifier {

  /** @throws Exception when it could not be delivered; the alert is tried again later */
  void notify(UrgentAlert alert) throws Exception;

  /** Where the alerts go, for the log (never a secret). */
  String describe();
}
