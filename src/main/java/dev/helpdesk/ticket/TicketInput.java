package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Validates ticket request bodies against the contract's rules. */
final class TicketInput {

  static final int SUBJECT_MAX = 200;
  static final int DESCRIPTION_MAX = 100_000;
  static final int TAGS_MAX = 20;
  static final int TAG_LENGTH_MAX = 40;

  private static final Set<String> CREATE_FIELDS = Set.of("subject", "description", "requester", "channel",
      "priority", "category", "dueAt", "assignee", "tags");
  private static final Set<String> PATCH_FIELDS = Set.of("version", "subject", "description", "status", "requester",
      "channel", "priority", "category", "dueAt", "assignee", "tags", "ccs");

  private TicketInput() {}

  static NewTicket create(RoutingContext ctx, Caller caller) {
    JsonFields f = JsonFields.of(ctx, CREATE_FIELDS);
    String subject = f.string("subject", true, 1, SUBJECT_MAX);
    String description = f.string("description", false, 0, DESCRIPTION_MAX);
    Ticket.Requester requester = caller.isStaff() ? requester(f, true) : ownRequester(f, caller);
    Channel channel = caller.isStaff() ? f.enumValue("channel", Channel.class, true) : portalChannel(f);
    Priority priority = f.enumValue("priority", Priority.class, caller.isStaff());
    Category category = f.enumValue("category", Category.class, caller.isStaff());
    List<String> tags = f.tags("tags", TAGS_MAX, TAG_LENGTH_MAX);
    Long assignee = f.id("assignee", false);
    if (!caller.isStaff() && (assignee != null || f.has("dueAt") || tags != null)) {
      f.error(assignee != null ? "assignee" : f.has("dueAt") ? "dueAt" : "tags", "may only be set by staff");
    }
    var dueAt = f.instant("dueAt");
    f.check();
    boolean contact = "contact".equals(requester.type());
    return new NewTicket(subject, description == null ? "" : description,
        priority == null ? Priority.MEDIUM : priority, category == null ? Category.GENERAL : category, channel,
        contact ? requester.id() : null, contact ? null : requester.id(), assignee,
        tags == null ? List.of() : tags, dueAt, null);
  }

  static TicketPatch patch(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, PATCH_FIELDS);
    Integer version = f.integer("version", true);
    String subject = f.string("subject", false, 1, SUBJECT_MAX);
    if (f.isNull("subject")) {
      f.error("subject", "must not be empty");
    }
    String description = f.string("description", false, 0, DESCRIPTION_MAX);
    Status status = f.enumValue("status", Status.class, false);
    Priority priority = f.enumValue("priority", Priority.class, false);
    Category category = f.enumValue("category", Category.class, false);
    Channel channel = f.enumValue("channel", Channel.class, false);
    for (String field : List.of("status", "priority", "category", "channel", "requester", "tags")) {
      if (f.isNull(field)) {
        f.error(field, "must not be null");
      }
    }
    Ticket.Requester requester = f.has("requester") && !f.isNull("requester") ? requester(f, true) : null;
    Long assignee = f.id("assignee", false);
    List<String> tags = f.tags("tags", TAGS_MAX, TAG_LENGTH_MAX);
    var dueAt = f.instant("dueAt");
    f.check();
    return new TicketPatch(version, subject, description, status, priority, category, channel, requester,
        assignee, f.isNull("assignee"), tags, dueAt, f.isNull("dueAt"));
  }

  private static Ticket.Requester requester(JsonFields f, boolean required) {
    JsonObject r = f.object("requester", required);
    if (r == null) {
      return null;
    }
    Object type = r.getValue("type");
    if (!"contact".equals(type) && !"user".equals(type)) {
      f.error("requester.type", "must be contact or user");
      return null;
    }
    Long id = f.positiveLong("requester.id", r.getValue("id"));
    if (r.size() > 2 && !r.fieldNames().stream().allMatch(k -> Set.of("type", "id", "name", "email").contains(k))) {
      f.error("requester", "must be {\"type\": \"contact\"|\"user\", \"id\": N}");
    }
    return id == null ? null : new Ticket.Requester((String) type, id, null, null);
  }

  /** A requester opening a ticket in the portal is always its requester. */
  private static Ticket.Requester ownRequester(JsonFields f, Caller caller) {
    Ticket.Requester self = new Ticket.Requester(caller.kind().name().toLowerCase(), caller.id(), null, null);
    Ticket.Requester given = f.has("requester") ? requester(f, false) : null;
    if (given != null && !given.key().equals(self.key())) {
      throw ApiError.forbidden("A requester may only open tickets for themself");
    }
    return self;
  }

  private static Channel portalChannel(JsonFields f) {
    Channel channel = f.enumValue("channel", Channel.class, false);
    if (channel != null && channel != Channel.WEB) {
      f.error("channel", "must be web for tickets opened in the portal");
    }
    return Channel.WEB;
  }
}
