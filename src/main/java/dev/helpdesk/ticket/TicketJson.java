package dev.helpdesk.ticket;

import dev.helpdesk.sla.SlaClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Renders tickets as the contract's ticket JSON, with the SLA as of now. */
public final class TicketJson {

  private final SlaClock slaClock;

  public TicketJson(SlaClock slaClock) {
    this.slaClock = slaClock;
  }

  public SlaClock slaClock() {
    return slaClock;
  }

  public JsonObject render(Ticket t) {
    Ticket.Requester r = t.requester();
    return new JsonObject()
        .put("id", t.id())
        .put("ref", t.ref())
        .put("subject", t.subject())
        .put("description", t.description())
        .put("status", t.status().wire())
        .put("priority", t.priority().wire())
        .put("category", t.category().wire())
        .put("channel", t.channel().wire())
        .put("requester", new JsonObject().put("type", r.type()).put("id", r.id())
            .put("name", r.name()).put("email", r.email()))
        .put("assignee", t.assigneeId() == null ? null
            : new JsonObject().put("id", t.assigneeId()).put("name", t.assigneeName()))
        .put("tags", new JsonArray(t.tags()))
        .put("dueAt", t.dueAt() == null ? null : t.dueAt().toString())
        .put("createdAt", t.createdAt().toString())
        .put("updatedAt", t.updatedAt().toString())
        .put("version", t.version())
        .put("mergedInto", t.mergedIntoId() == null ? null : Ticket.refOf(t.mergedIntoId()))
        .put("followUpOf", t.followUpOfId() == null ? null : Ticket.refOf(t.followUpOfId()))
        .put("openedByStaff", t.openedByStaff())
        .put("sla", slaClock.view(t.slaFacts(), t.slaMarks()).toJson());
  }
}
