package dev.meshplane.frontend.security;

import dev.meshplane.auth.sigv4.SigV4Verifier;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * Loads the principals when the API server starts rather than on the first request: a bad IAM file
 * stops the start, and the admin credentials file exists (and its location is logged) right away.
 */
@Singleton
public class PrincipalsAtStartup implements ApplicationEventListener<ServerStartupEvent> {
  private final Provider<SigV4Verifier> verifier;

  public PrincipalsAtStartup(Provider<SigV4Verifier> verifier) {
    this.verifier = verifier;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    verifier.get();
  }
}
