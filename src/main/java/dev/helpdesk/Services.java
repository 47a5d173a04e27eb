package dev.helpdesk;

import dev.helpdesk.auth.AuthRoutes;
import dev.helpdesk.auth.LoginLimiter;
import dev.helpdesk.bulk.BulkRoutes;
import dev.helpdesk.bulk.BulkService;
import dev.helpdesk.export.ExportRoutes;
import dev.helpdesk.inbound.InboundPipeline;
import dev.helpdesk.inbound.InboundRoutes;
import dev.helpdesk.inbound.MailboxState;
import dev.helpdesk.inbound.FollowUpCcs;
import dev.helpdesk.inbound.ReplyCcs;
import dev.helpdesk.inbound.RequestRoutes;
import dev.helpdesk.search.SearchRoutes;
import dev.helpdesk.search.TicketSearch;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.auth.PortalRoutes;
import dev.helpdesk.auth.Tokens;
import dev.helpdesk.config.Config;
import dev.helpdesk.conversation.AttachmentRoutes;
import dev.helpdesk.conversation.ConversationRoutes;
import dev.helpdesk.conversation.ConversationService;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.macro.MacroRoutes;
import dev.helpdesk.macro.MacroService;
import dev.helpdesk.notify.NotificationRoutes;
import dev.helpdesk.notify.Notifications;
import dev.helpdesk.view.ViewCounts;
import dev.helpdesk.view.ViewRoutes;
import dev.helpdesk.live.LiveService;
import dev.helpdesk.ops.OpsRoutes;
import dev.helpdesk.people.ContactRepository;
import dev.helpdesk.people.PeopleRoutes;
import dev.helpdesk.people.UserRepository;
import dev.helpdesk.reports.ReportQuery;
import dev.helpdesk.reports.ReportRoutes;
import dev.helpdesk.routing.Routing;
import dev.helpdesk.routing.RoutingRoutes;
import dev.helpdesk.routing.RoutingRules;
import dev.helpdesk.satisfaction.AssigneeAlert;
import dev.helpdesk.satisfaction.RouteAndRateHooks;
import dev.helpdesk.satisfaction.SatisfactionRoutes;
import dev.helpdesk.satisfaction.SatisfactionService;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaPolicy;
import dev.helpdesk.sla.SlaRoutes;
import dev.helpdesk.ticket.MergeService;
import dev.helpdesk.ticket.TicketJson;
import dev.helpdesk.ticket.TicketRoutes;
import dev.helpdesk.ticket.TicketService;
import dev.helpdesk.ticket.WorkloadRoutes;
import dev.helpdesk.wallboard.WallboardQuery;
import dev.helpdesk.wallboard.WallboardRoutes;
import dev.helpdesk.session.SessionStore;
import dev.helpdesk.team.TeamModule;
import dev.helpdesk.wallboard.WallboardLinks;
import dev.helpdesk.writes.TicketWriter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** The composition root: every service and route set of the process, built once and shared by the verticles. */
public record Services(Tokens tokens, AuthRoutes authRoutes, PortalRoutes portalRoutes, PeopleRoutes peopleRoutes,
                       TicketRoutes ticketRoutes, WorkloadRoutes workloadRoutes, ConversationRoutes conversationRoutes,
                       AttachmentRoutes attachmentRoutes, SlaRoutes slaRoutes, OpsRoutes ops, LiveService live,
                       WallboardRoutes wallboard, SearchRoutes searchRoutes, ExportRoutes exportRoutes,
                       BulkRoutes bulkRoutes, TicketService tickets, Notifier notifier, SlaClock slaClock,
                       TicketWriter writer, NotificationRoutes notificationRoutes, MacroRoutes macroRoutes,
                       ViewRoutes viewRoutes,
                       RoutingRoutes routingRoutes, Routing routing, ReportRoutes reportRoutes,
                       SatisfactionRoutes satisfactionRoutes, TeamModule team,
                       InboundRoutes inboundRoutes, RequestRoutes requestRoutes, MailboxState mailbox) {

  static Services create(Vertx vertx, Config config, Pool pool, String jwtSecret, PasswordHasher hasher,
                         PrometheusMeterRegistry registry, Clock clock, SlaPolicy policy) {
    Tokens tokens = new Tokens(vertx, jwtSecret, config.tokenTtlMinutes());
    UserRepository users = new UserRepository(pool);
    ContactRepository contacts = new ContactRepository(pool);
    SlaClock slaClock = new SlaClock(clock, policy);
    TicketJson ticketJson = new TicketJson(slaClock);
    Notifier notifier = new Notifier(tokens, config.publicUrl(), vertx.eventBus());
    TicketWriter writer = new TicketWriter(vertx, pool, ticketJson, notifier, registry)
        .addHook(new Notifications(notifier));
    TicketService tickets = new TicketService(pool, ticketJson, writer);
    ConversationService conversation = new ConversationService(writer);
    WallboardQuery wallboard = new WallboardQuery(pool, clock);
    TicketSearch search = new TicketSearch(pool, ticketJson.slaClock());
    LiveService live = new LiveService(vertx, pool, tokens, wallboard, registry);
    // preset and saved-view counts: kept in memory, moved by the change log the live feed reads
    ViewCounts viewCounts = new ViewCounts(vertx, pool, search, live, registry);
    // issue 12: sessions that can end, team, profile, contacts directory, wallboard links, trash, audit
    SessionStore sessions = new SessionStore(vertx, pool, tokens);
    BulkService bulk = new BulkService(pool, tickets, search, writer);
    WallboardLinks wallboardLinks = new WallboardLinks(pool, sessions);
    // routing, reports and satisfaction (issue 14): into a ticket's transaction through the writer's hooks only
    Routing routing = new Routing(new RoutingRules(pool), pool);
    TeamModule team = new TeamModule(vertx, pool, config.publicUrl(), hasher, sessions, tickets, bulk, wallboardLinks,
        routing);
    SatisfactionService satisfaction = new SatisfactionService(pool, writer, notifier, AssigneeAlert.NONE);
    RouteAndRateHooks routeAndRate = new RouteAndRateHooks(routing, satisfaction);
    writer.addHook(routeAndRate);
    tickets.useHooks(routeAndRate);
    // mail in (issue 11): a door of the writer; public replies copy the ticket's CCs through a hook,
    // and a follow-up of a closed ticket keeps its CCs
    writer.addHook(new ReplyCcs());
    writer.addHook(new FollowUpCcs());
    InboundPipeline inbound = new InboundPipeline(vertx, pool, writer, config.inbound().supportAddress(),
        config.smtp().from());
    Config.Imap imap = config.inbound().imap();
    MailboxState mailbox = new MailboxState(imap == null ? null : imap.user() + "@" + imap.host() + "/" + imap.folder());
    return new Services(
        tokens,
        new AuthRoutes(vertx, users, hasher, tokens, new LoginLimiter(pool)).startSessionsWith(sessions::start),
        new PortalRoutes(pool, tokens, notifier).startSessionsWith(sessions::start),
        new PeopleRoutes(vertx, users, contacts, hasher),
        new TicketRoutes(pool, tickets, new MergeService(pool, tickets)),
        new WorkloadRoutes(pool),
        new ConversationRoutes(pool, tickets, conversation),
        new AttachmentRoutes(vertx, pool, tokens, config.dataDir().resolve("uploads")),
        new SlaRoutes(pool, slaClock, tickets),
        new OpsRoutes(pool, registry, config.ops()),
        live,
        new WallboardRoutes(tokens, wallboard, config.publicUrl()).links(wallboardLinks),
        new SearchRoutes(pool, search, ticketJson, viewCounts),
        new ExportRoutes(vertx, search),
        new BulkRoutes(bulk),
        tickets, notifier, slaClock, writer,
        new NotificationRoutes(pool),
        new MacroRoutes(pool, new MacroService(pool, tickets, writer), tickets),
        new ViewRoutes(pool, viewCounts),
        new RoutingRoutes(pool, routing.rules()), routing,
        new ReportRoutes(vertx, new ReportQuery(vertx, pool, slaClock)),
        new SatisfactionRoutes(satisfaction, tokens),
        team,
        new InboundRoutes(pool, inbound, config.inbound().token(), mailbox), new RequestRoutes(pool, tickets), mailbox);
  }
}
