package dev.helpdesk.ticket;

import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaMarks;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A ticket as stored, with the names of its requester and assignee. {@code createdById}: the staff
 * member who opened it on the requester's behalf; null when the requester opened it themself (the
 * portal, a mail, POST /api/requests) and for tickets from before that was recorded.
 */
public record Ticket(
    long id, String ref, String subject, String description,
    Status status, Priority priority, Category category, Channel channel,
    Requester requester, Long assigneeId, String assigneeName,
    List<String> tags, Instant dueAt, Instant createdAt, Instant updatedAt, int version,
    Long mergedIntoId, Long followUpOfId,
    Instant firstRespondedAt, long pausedSeconds, Instant pausedSince, Instant resolvedAt, SlaMarks slaMarks,
    Long createdById) {

  /** Who asked: a contact or a user. */
  public record Requester(String type, long id, String name, String email) {
    public String key() {
      return type + ":" + id;
    }
  }

  /** The columns every ticket query selects, with the joins they need ({@code FROM tickets t} + JOINS). */
  public static final String COLUMNS = "t.id, t.ref, t.subject, t.description, t.status, t.priority, t.category, t.channel,"
      + " t.requester_contact_id, t.requester_user_id, coalesce(rc.name, ru.name) AS requester_name,"
      + " coalesce(rc.email, ru.email) AS requester_email, t.assignee_id, a.name AS assignee_name, t.tags, t.due_at,"
      + " t.created_at, t.updated_at, t.version, t.merged_into_id, t.follow_up_of_id, t.first_responded_at,"
      + " t.paused_seconds, t.paused_since, t.resolved_at, t.sla_first_due_at, t.sla_resolution_due_at,"
      + " t.sla_warn_at, t.sla_breach_at, t.created_by";
  public static final String JOINS = " LEFT JOIN contacts rc ON rc.id = t.requester_contact_id"
      + " LEFT JOIN users ru ON ru.id = t.requester_user_id"
      + " LEFT JOIN users a ON a.id = t.assignee_id";

  /** TKT-001 … TKT-999, then TKT-1000: the same rule as the generated column. */
  public static String refOf(long id) {
    // not String.format: this runs for every ticket rendered
    return id >= 100 ? "TKT-" + id : id >= 10 ? "TKT-0" + id : "TKT-00" + id;
  }

  public static Ticket from(Row row) {
    Long contactId = row.getLong("requester_contact_id");
    Requester requester = new Requester(contactId != null ? "contact" : "user",
        contactId != null ? contactId : row.getLong("requester_user_id"),
        row.getString("requester_name"), row.getString("requester_email"));
    String[] tags = row.getArrayOfStrings("tags");
    return new Ticket(
        row.getLong("id"), row.getString("ref"), row.getString("subject"), row.getString("description"),
        WireEnum.parse(Status.class, row.getString("status")).orElseThrow(),
        WireEnum.parse(Priority.class, row.getString("priority")).orElseThrow(),
        WireEnum.parse(Category.class, row.getString("category")).orElseThrow(),
        WireEnum.parse(Channel.class, row.getString("channel")).orElseThrow(),
        requester, row.getLong("assignee_id"), row.getString("assignee_name"),
        tags == null ? List.of() : List.of(tags),
        instant(row, "due_at"), instant(row, "created_at"), instant(row, "updated_at"), row.getInteger("version"),
        row.getLong("merged_into_id"), row.getLong("follow_up_of_id"),
        instant(row, "first_responded_at"), row.getLong("paused_seconds"), instant(row, "paused_since"),
        instant(row, "resolved_at"), new SlaMarks(instant(row, "sla_first_due_at"),
            instant(row, "sla_resolution_due_at"), instant(row, "sla_warn_at"), instant(row, "sla_breach_at")),
        row.getLong("created_by"));
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /**
   * This ticket moved to {@code next} now, with the SLA facts a status change
   * moves: time spent pending or on hold is added up (as the clock counts time), and the
   * resolution time is kept.
   */
  public Ticket withStatus(Status next, SlaClock clock) {
    Instant now = clock.now();
    long paused = pausedSeconds;
    Instant since = pausedSince;
    if (status.pausesSla() && !next.pausesSla() && since != null) {
      paused += clock.counted(since, now);
      since = null;
    } else if (!status.pausesSla() && next.pausesSla()) {
      since = now;
    }
    Instant resolved = !next.isDone() ? null : resolvedAt != null ? resolvedAt : now;
    return new Ticket(id, ref, subject, description, next, priority, category, channel, requester, assigneeId,
        assigneeName, tags, dueAt, createdAt, updatedAt, version, mergedIntoId, followUpOfId, firstRespondedAt,
        paused, since, resolved, slaMarks, createdById);
  }

  /** The first public reply by staff, if there was none before. */
  public Ticket withFirstResponse(Instant now) {
    if (firstRespondedAt != null) {
      return this;
    }
    return new Ticket(id, ref, subject, description, status, priority, category, channel, requester, assigneeId,
        assigneeName, tags, dueAt, createdAt, updatedAt, version, mergedIntoId, followUpOfId, now,
        pausedSeconds, pausedSince, resolvedAt, slaMarks, createdById);
  }

  public Ticket withAssignee(Long assignee, String name) {
    return new Ticket(id, ref, subject, description, status, priority, category, channel, requester, assignee,
        name, tags, dueAt, createdAt, updatedAt, version, mergedIntoId, followUpOfId, firstRespondedAt,
        pausedSeconds, pausedSince, resolvedAt, slaMarks, createdById);
  }

  public Ticket withMergedInto(long targetId) {
    return new Ticket(id, ref, subject, description, status, priority, category, channel, requester, assigneeId,
        assigneeName, tags, dueAt, createdAt, updatedAt, version, targetId, followUpOfId, firstRespondedAt,
        pausedSeconds, pausedSince, resolvedAt, slaMarks, createdById);
  }

  /** The same ticket with its SLA marks recomputed from its facts, as it must be before it is written. */
  public Ticket withMarks(SlaClock clock) {
    return new Ticket(id, ref, subject, description, status, priority, category, channel, requester, assigneeId,
        assigneeName, tags, dueAt, createdAt, updatedAt, version, mergedIntoId, followUpOfId, firstRespondedAt,
        pausedSeconds, pausedSince, resolvedAt, clock.marks(slaFacts()), createdById);
  }

  /**
   * Whether the support team wrote the opening text: a staff member opened the ticket, or (for
   * tickets from before the creator was recorded) its channel is one staff take down themselves.
   */
  public boolean openedByStaff() {
    return createdById != null || channel == Channel.PHONE || channel == Channel.CHAT || channel == Channel.INTERNAL;
  }

  public SlaClock.Facts slaFacts() {
    return new SlaClock.Facts(priority, status, createdAt, firstRespondedAt, pausedSeconds, pausedSince, resolvedAt);
  }
}
