package dev.helpdesk.search;

import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.sla.SlaMarks;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the token language can judge of a ticket without its conversation: the columns
 * {@link SqlFilter} compares, as {@link TicketFilter} reads them. The write path puts a
 * ticket's row before and after each change into its event (internal, never sent to a
 * client) so that view counts move by delta on every instance. A free word may be in the
 * description, which is not kept: its hash tells whether it changed. Times are kept to the
 * microsecond, as PostgreSQL keeps them.
 */
public record FilterRow(long id, Status status, Priority priority, Category category, Channel channel,
                        Long assigneeId, String requesterEmail, List<String> tags, Instant createdAt,
                        Instant updatedAt, Instant dueAt, String subject, Instant firstRespondedAt,
                        Instant resolvedAt, SlaMarks marks, int descriptionHash) {

  public static FilterRow of(Ticket t) {
    String email = t.requester() == null || t.requester().email() == null ? null
        : t.requester().email().toLowerCase(Locale.ROOT);
    return new FilterRow(t.id(), t.status(), t.priority(), t.category(), t.channel(), t.assigneeId(), email,
        t.tags() == null ? List.of() : t.tags(), t.createdAt(), t.updatedAt(), t.dueAt(), t.subject(),
        t.firstRespondedAt(), t.resolvedAt(), t.slaMarks(),
        t.description() == null ? 0 : t.description().hashCode());
  }

  /**
   * The event's internal {@code counted} column: {@code {"b": before or null when new, "a": after or
   * null when deleted}}.
   */
  public static String change(FilterRow before, FilterRow after) {
    return new JsonObject().put("b", before == null ? null : before.toJson())
        .put("a", after == null ? null : after.toJson()).encode();
  }

  JsonObject toJson() {
    JsonObject o = new JsonObject().put("id", id).put("s", status.wire()).put("p", priority.wire())
        .put("c", category.wire()).put("ch", channel.wire()).put("a", assigneeId).put("re", requesterEmail)
        .put("t", new JsonArray(new ArrayList<>(tags))).put("cr", micros(createdAt)).put("up", micros(updatedAt))
        .put("du", micros(dueAt)).put("su", subject).put("fr", micros(firstRespondedAt))
        .put("rs", micros(resolvedAt)).put("dh", descriptionHash);
    if (marks != null) {
      o.put("m", new JsonArray().add(micros(marks.firstDueAt())).add(micros(marks.resolutionDueAt()))
          .add(micros(marks.warnAt())).add(micros(marks.breachAt())));
    }
    return o;
  }

  /** A row as {@link #toJson} wrote it; null for null. */
  public static FilterRow fromJson(JsonObject o) {
    if (o == null) {
      return null;
    }
    JsonArray m = o.getJsonArray("m");
    List<String> tags = new ArrayList<>();
    JsonArray t = o.getJsonArray("t");
    if (t != null) {
      t.forEach(tag -> tags.add(String.valueOf(tag)));
    }
    return new FilterRow(o.getLong("id"), wire(Status.class, o.getString("s")), wire(Priority.class, o.getString("p")),
        wire(Category.class, o.getString("c")), wire(Channel.class, o.getString("ch")), o.getLong("a"),
        o.getString("re"), List.copyOf(tags), instant(o.getLong("cr")), instant(o.getLong("up")),
        instant(o.getLong("du")), o.getString("su"), instant(o.getLong("fr")), instant(o.getLong("rs")),
        m == null ? null : new SlaMarks(instant(m.getLong(0)), instant(m.getLong(1)), instant(m.getLong(2)),
            instant(m.getLong(3))), o.getInteger("dh", 0));
  }

  private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String value) {
    return WireEnum.parse(type, value).orElseThrow();
  }

  private static Long micros(Instant at) {
    return at == null ? null : at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
  }

  private static Instant instant(Long micros) {
    return micros == null ? null : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
        Math.floorMod(micros, 1_000_000) * 1_000L);
  }
}
