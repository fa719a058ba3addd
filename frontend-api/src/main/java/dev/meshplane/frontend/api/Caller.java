package dev.meshplane.frontend.api;

/**
 * Who makes a request, once its signature is verified: the principal recorded in the journal (its
 * IAM ARN) and the account that becomes the owner of what it creates.
 */
public record Caller(String principal, String account) {}
