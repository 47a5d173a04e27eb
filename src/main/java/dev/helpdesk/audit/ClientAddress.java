package dev.helpdesk.audit;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address as the audit records it. One method on purpose: trusted-proxy
 * handling of X-Forwarded-For (issue 15) plugs in here.
 */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    var remote = ctx.request().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }
}
