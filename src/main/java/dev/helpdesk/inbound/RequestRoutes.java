package dev.helpdesk.inbound;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * POST /api/requests: first contact on the web, without an account. The answer is the same
 * whether the address is known or not; the ticket is opened for the contact with that
 * address (created if new), whose mailbox receives the confirmation and portal link, so only
 * the owner of the address can follow the request. Limited per address and per client address.
 */
public final class RequestRoutes {

  static final int PER_ADDRESS_PER_HOUR = 5;
  static final int PER_CLIENT_PER_HOUR = 20;

  private static final String COUNTS = "SELECT"
      + " count(*) FILTER (WHERE lower(email) = $1) AS by_email,"
      + " count(*) FILTER (WHERE client = $2) AS by_client,"
      + " ceil(extract(epoch FROM (min(at) + interval '1 hour' - now())))::int AS wait"
      + " FROM web_requests WHERE at > now() - interval '1 hour' AND (lower(email) = $1 OR client = $2)";
  private static final String RECORD = "INSERT INTO web_requests (email, client) VALUES ($1, $2)";
  private static final String FORGET_OLD = "DELETE FROM web_requests WHERE at < now() - interval '1 day'";

  private final Pool pool;
  private final TicketService tickets;

  public RequestRoutes(Pool pool, TicketService tickets) {
    this.pool = pool;
    this.tickets = tickets;
  }

  /** No session: this is how a new customer first reaches support. */
  public void mountPublic(Router api) {
    api.post("/requests").handler(this::request);
  }

  private void request(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("email", "name", "subject", "description", "attachmentIds"));
    String email = f.email("email", true);
    String name = f.string("name", false, 0, 200);
    String subject = f.string("subject", true, 1, 200);
    String description = f.string("description", true, 1, 100_000);
    if (f.has("attachmentIds") && !f.isNull("attachmentIds")) {
      f.error("attachmentIds", "files can be added from the portal link in the confirmation mail");
    }
    f.check();
    String address = email.strip().toLowerCase(Locale.ROOT);
    String client = dev.helpdesk.http.ClientAddress.of(ctx); // the peer, or X-Forwarded-For behind a trusted proxy
    String display = name == null || name.isBlank() ? address : name.strip();
    // the count and the contact commit first (an attempt counts even if the ticket then fails);
    // the ticket goes through the one write path
    pool.withTransaction(tx -> tx.preparedQuery(COUNTS).execute(Tuple.of(address, client))
            .compose(rows -> {
              Row row = rows.iterator().next();
              if (row.getLong("by_email") >= PER_ADDRESS_PER_HOUR || row.getLong("by_client") >= PER_CLIENT_PER_HOUR) {
                int wait = Math.max(1, row.getInteger("wait") == null ? 60 : row.getInteger("wait"));
                throw new ApiError(429, "Too many requests", "Too many requests from here lately; try again in "
                    + inWords(wait), List.of(), new JsonObject().put("retryAfterSeconds", wait));
              }
              return tx.query(FORGET_OLD).execute()
                  .compose(v -> tx.preparedQuery(RECORD).execute(Tuple.of(address, client)));
            })
            .compose(v -> InboundStore.contact(tx, new ParsedMail.Address(address, display))))
        .compose(person -> tickets.create(InboundStore.contactCaller(person), new NewTicket(subject.strip(),
            description, Priority.MEDIUM, Category.GENERAL, Channel.WEB, person.id(), null, null, List.of(), null,
            null)))
        .<Void>mapEmpty()
        .onSuccess(v -> Responses.json(ctx, 202, new JsonObject().put("detail",
            "Thank you. A confirmation with a link to follow your request is on its way to " + address + ".")))
        .onFailure(ctx::fail);
  }

  /** A wait as the start page shows it to a person: "about 57 minutes", "1 minute", "20 seconds". */
  static String inWords(int seconds) {
    if (seconds < 60) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    int minutes = (seconds + 59) / 60;
    return "about " + minutes + (minutes == 1 ? " minute" : " minutes");
  }
}
