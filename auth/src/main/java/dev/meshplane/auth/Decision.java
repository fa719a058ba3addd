package dev.meshplane.auth;

/** The outcome of evaluating a principal's policies for one action on one resource, as IAM has it. */
public enum Decision {
  ALLOW,
  /** A statement denies it: nothing else can allow it. */
  EXPLICIT_DENY,
  /** No statement allows it. */
  IMPLICIT_DENY;

  public boolean allowed() {
    return this == ALLOW;
  }
}
