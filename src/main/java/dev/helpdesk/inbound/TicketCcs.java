package dev.helpdesk.inbound;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ticket JSON's {@code ccs}: added to what GET and PATCH /api/tickets/{ref} answer, and
 * read from a PATCH body (dev.helpdesk.ticket.TicketRoutes calls these two hooks).
 */
public final class TicketCcs {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,200}@[^@\\s<>\"]{1,200}\\.[^@\\s<>\"]{1,60}$");

  private TicketCcs() {}

  /** The rendered ticket with its {@code ccs}. */
  public static Future<JsonObject> render(Pool pool, JsonObject ticket) {
    return Ccs.json(pool, ticket.getLong("id")).map(ccs -> ticket.put("ccs", ccs));
  }

  /** The {@code ccs} of a PATCH body (null when absent): a list of {"email", "name"?}; a bad one is a 400. */
  public static List<Ccs.Cc> read(JsonObject body) {
    if (body == null || !body.containsKey("ccs")) {
      return null;
    }
    if (!(body.getValue("ccs") instanceof JsonArray array) || array.size() > Ccs.MAX) {
      throw ApiError.invalid("ccs", "must be a list of at most " + Ccs.MAX + " {\"email\", \"name\"} objects");
    }
    List<Ccs.Cc> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      JsonObject cc = item instanceof JsonObject o ? o : item instanceof String s ? new JsonObject().put("email", s)
          : null;
      Object email = cc == null ? null : cc.getValue("email");
      Object name = cc == null ? null : cc.getValue("name", "");
      // read before the ticket is changed: a CC that cannot be stored must refuse the whole PATCH
      if (!(email instanceof String e) || !EMAIL.matcher(e.strip()).matches() || !(name instanceof String n)
          || n.length() > 200 || JsonFields.textProblem(e) != null || JsonFields.textProblem(n) != null) {
        throw ApiError.invalid("ccs[" + i + "]", "must be {\"email\": an email address, \"name\"?: up to 200 characters}");
      }
      list.add(new Ccs.Cc(e.strip().toLowerCase(Locale.ROOT), n.strip()));
    }
    return list;
  }

  /** Stores the new list, then renders the ticket with it. */
  public static Future<JsonObject> replaceAndRender(Pool pool, JsonObject ticket, List<Ccs.Cc> ccs) {
    if (ccs == null) {
      return render(pool, ticket);
    }
    return pool.withTransaction(tx -> Ccs.replace(tx, ticket.getLong("id"), ccs)).compose(v -> render(pool, ticket));
  }
}
