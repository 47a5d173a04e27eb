package dev.helpdesk;

import dev.helpdesk.auth.AuthHandlers;
import dev.helpdesk.http.HttpVerticle;
import io.vertx.ext.web.Router;

/**
 * The route table of the process: which feature's routes are mounted where, in which
 * order. Lives in the composition root, so that {@code http} (the server) does not import
 * the features, and no feature that uses {@code http} closes a circle through it.
 */
record Routes(Services services) implements HttpVerticle.RouteTable {

  @Override
  public void mountRoot(Router router) {
    services.ops().mount(router);
    services.live().mount(router);
    services.wallboard().mount(router);
  }

  @Override
  public void mountBeforeBody(Router api) {
    services.attachmentRoutes().mountUpload(api);
  }

  @Override
  public void mountApi(Router api) {
    services.authRoutes().mountPublic(api);
    services.portalRoutes().mountPublic(api);
    services.team().mountPublic(api);
    services.satisfactionRoutes().mountPublic(api);
    api.route().handler(AuthHandlers.authenticate(services.tokens()));
    services.authRoutes().mount(api);
    services.peopleRoutes().mount(api);
    services.team().mount(api);
    // the list, exports and bulk before /tickets/:ref, which would take their names for refs
    services.searchRoutes().mount(api);
    services.exportRoutes().mount(api);
    services.bulkRoutes().mount(api);
    services.ticketRoutes().mount(api);
    services.workloadRoutes().mount(api);
    services.conversationRoutes().mount(api);
    services.attachmentRoutes().mount(api);
    services.slaRoutes().mount(api);
    services.notificationRoutes().mount(api);
    services.macroRoutes().mount(api);
    services.viewRoutes().mount(api);
    services.routingRoutes().mount(api);
    services.reportRoutes().mount(api);
  }

  @Override
  public void listening(io.vertx.core.http.HttpServer server) {
    services.ops().lifecycle().serverStarted(server);
  }
}
