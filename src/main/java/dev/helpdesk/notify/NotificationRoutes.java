package dev.helpdesk.notify;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** /api/notifications (the caller's own) and /api/me/preferences. Staff only: requesters get no notifications. */
public final class NotificationRoutes {

  private static final int MAX_IDS = 500;

  private final Pool pool;

  public NotificationRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router api) {
    api.get("/notifications").handler(STAFF).handler(this::list);
    api.post("/notifications/read").handler(STAFF).handler(this::read);
    api.get("/me/preferences").handler(STAFF).handler(this::preferences);
    api.put("/me/preferences").handler(STAFF).handler(this::setPreferences);
  }

  private void list(RoutingContext ctx) {
    int limit = Params.intParam(ctx, "limit", 30, 1, 100);
    String unread = Params.string(ctx, "unread", 5);
    if (unread != null && !unread.equals("true") && !unread.equals("false")) {
      throw ApiError.invalid("unread", "must be true or false");
    }
    String cursor = Params.string(ctx, "cursor", 20);
    long before;
    try {
      before = cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw ApiError.invalid("cursor", "must be a nextCursor from an earlier page");
    }
    NotificationRepository.page(pool, caller(ctx).id(), "true".equals(unread), before, limit)
        .onSuccess(page -> Responses.ok(ctx, new JsonObject().put("items", page.items())
            .put("nextCursor", page.nextBefore() == null ? null : String.valueOf(page.nextBefore()))
            .put("unread", page.unread())))
        .onFailure(ctx::fail);
  }

  private void read(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("ids", "all"));
    Boolean all = f.bool("all");
    JsonArray ids = null;
    if (f.has("ids") && !f.isNull("ids")) {
      JsonObject body = new JsonObject(JsonFields.bodyText(ctx));
      Object value = body.getValue("ids");
      if (value instanceof JsonArray a && a.size() <= MAX_IDS) {
        ids = a;
      } else {
        f.error("ids", "must be a list of at most " + MAX_IDS + " notification ids");
      }
    }
    if ((all == null || !all) && ids == null) {
      f.error("ids", "send the ids to mark read, or \"all\": true");
    }
    List<Long> list = new ArrayList<>();
    if (ids != null) {
      for (int i = 0; i < ids.size(); i++) {
        Long id = f.positiveLong("ids[" + i + "]", ids.getValue(i));
        if (id != null) {
          list.add(id);
        }
      }
    }
    f.check();
    long me = caller(ctx).id();
    NotificationRepository.markRead(pool, me, Boolean.TRUE.equals(all) ? null : list.toArray(Long[]::new))
        .compose(marked -> NotificationRepository.page(pool, me, true, Long.MAX_VALUE, 1)
            .map(page -> new JsonObject().put("marked", marked).put("unread", page.unread())))
        .onSuccess(answer -> Responses.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void preferences(RoutingContext ctx) {
    Preferences.read(pool, caller(ctx).id())
        .onSuccess(p -> Responses.ok(ctx, p))
        .onFailure(ctx::fail);
  }

  private void setPreferences(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("mail", "inApp"));
    JsonObject mail = kinds(f, "mail", f.object("mail", false));
    JsonObject inApp = kinds(f, "inApp", f.object("inApp", false));
    f.check();
    Preferences.write(pool, caller(ctx).id(), mail, inApp)
        .onSuccess(p -> Responses.ok(ctx, p))
        .onFailure(ctx::fail);
  }

  private static JsonObject kinds(JsonFields f, String field, JsonObject given) {
    JsonObject clean = new JsonObject();
    if (given == null) {
      return clean;
    }
    for (String key : given.fieldNames()) {
      Object value = given.getValue(key);
      if (WireEnum.parse(NotificationKind.class, key).isEmpty()) {
        f.error(field + "." + key, "is not a kind; kinds are " + Preferences.kinds());
      } else if (!(value instanceof Boolean)) {
        f.error(field + "." + key, "must be true or false");
      } else {
        clean.put(key, value);
      }
    }
    return clean;
  }
}
