package dev.helpdesk.team;

import dev.helpdesk.audit.AuditRoutes;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.bulk.BulkService;
import dev.helpdesk.people.ContactDirectory;
import dev.helpdesk.routing.Routing;
import dev.helpdesk.session.SessionListener;
import dev.helpdesk.session.SessionStore;
import dev.helpdesk.ticket.TicketService;
import dev.helpdesk.trash.TrashRoutes;
import dev.helpdesk.wallboard.WallboardLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * Issue 12 in one place for the composition root: sessions, team, profile, contacts
 * directory, wallboard links, trash and audit. {@link #deploy} starts the session listener
 * (before HTTP); {@link #mountPublic} and {@link #mount} add the routes to /api.
 */
public final class TeamModule {

  private final Vertx vertx;
  private final SessionStore sessions;
  private final TeamRoutes team;
  private final MeRoutes me;
  private final ContactDirectory contacts;
  private final WallboardLinks wallboardLinks;
  private final TrashRoutes trash;
  private final AuditRoutes audit;

  public TeamModule(Vertx vertx, Pool pool, String publicUrl, PasswordHasher hasher, SessionStore sessions,
                    TicketService tickets, BulkService bulk, WallboardLinks wallboardLinks,
                    Routing routing) {
    this.vertx = vertx;
    this.sessions = sessions;
    UserLinks links = new UserLinks(publicUrl, vertx.eventBus());
    this.team = new TeamRoutes(vertx, pool, hasher, sessions, links, bulk, routing);
    this.me = new MeRoutes(vertx, pool, hasher, sessions, links);
    this.contacts = new ContactDirectory(pool, tickets);
    this.wallboardLinks = wallboardLinks;
    this.trash = new TrashRoutes(vertx, pool, tickets);
    this.audit = new AuditRoutes(pool);
  }

  public Future<String> deploy(PgConnectOptions connectOptions) {
    return vertx.deployVerticle(new SessionListener(sessions, connectOptions));
  }

  public SessionStore sessions() {
    return sessions;
  }

  public TrashRoutes trash() {
    return trash;
  }

  /** Routes that need no session: asking for a reset link, setting a password from a link. */
  public void mountPublic(Router api) {
    me.mountPublic(api);
  }

  public void mount(Router api) {
    me.mount(api);
    team.mount(api);
    contacts.mount(api);
    wallboardLinks.mount(api);
    trash.mount(api);
    audit.mount(api);
  }
}
