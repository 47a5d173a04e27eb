package dev.helpdesk;

import dev.helpdesk.auth.AuthRoutes;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.auth.Tokens;
import dev.helpdesk.config.Config;
import dev.helpdesk.live.LiveService;
import dev.helpdesk.ops.OpsRoutes;
import dev.helpdesk.people.ContactRepository;
import dev.helpdesk.people.PeopleRoutes;
import dev.helpdesk.people.UserRepository;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaPolicy;
import dev.helpdesk.ticket.TicketJson;
import dev.helpdesk.ticket.TicketListing;
import dev.helpdesk.ticket.TicketRoutes;
import dev.helpdesk.ticket.TicketService;
import dev.helpdesk.wallboard.WallboardQuery;
import dev.helpdesk.wallboard.WallboardRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** The composition root: every service and route set of the process, built once and shared by the verticles. */
public record Services(Tokens tokens, AuthRoutes authRoutes, PeopleRoutes peopleRoutes, TicketRoutes ticketRoutes,
                       OpsRoutes ops, LiveService live, WallboardRoutes wallboard) {

  static Services create(Vertx vertx, Config config, Pool pool, String jwtSecret, PasswordHasher hasher,
                         PrometheusMeterRegistry registry, Clock clock) {
    Tokens tokens = new Tokens(vertx, jwtSecret, config.tokenTtlMinutes());
    UserRepository users = new UserRepository(pool);
    ContactRepository contacts = new ContactRepository(pool);
    SlaClock slaClock = new SlaClock(clock, SlaPolicy.defaults());
    TicketJson ticketJson = new TicketJson(slaClock);
    TicketService tickets = new TicketService(pool, ticketJson, clock);
    WallboardQuery wallboard = new WallboardQuery(pool, slaClock, clock);
    return new Services(
        tokens,
        new AuthRoutes(vertx, users, hasher, tokens),
        new PeopleRoutes(vertx, users, contacts, hasher),
        new TicketRoutes(pool, tickets, new TicketListing(pool)),
        new OpsRoutes(vertx, pool, registry),
        new LiveService(vertx, pool, tokens, wallboard),
        new WallboardRoutes(tokens, wallboard, config.publicUrl()));
  }
}
