package dev.helpdesk.audit;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address as the audit records it: what {@code http.ClientAddress} (trusted
 * proxies and X-Forwarded-For, issue 15) says it is. One method, so the audit depends on one place.
 */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    return dev.helpdesk.http.ClientAddress.of(ctx);
  }
}
