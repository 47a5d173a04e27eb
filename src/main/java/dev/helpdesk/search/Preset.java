package dev.helpdesk.search;

import dev.helpdesk.http.ApiError;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The named views of the sidebar, written in the token language so that they mean
 * exactly what the same tokens typed into the search bar mean. SLA Breaching is about
 * running clocks: a resolved ticket's clock has stopped, so it is not breaching anymore.
 */
public enum Preset {
  MY_OPEN("my_open", "My Open Tickets", "agent:me -status:closed"),
  URGENT_UNASSIGNED("urgent_unassigned", "Urgent Unassigned", "priority:urgent agent:none -status:closed"),
  SLA_BREACHING("sla_breaching", "SLA Breaching", "status:open,in_progress sla:approaching,breached");

  private final String wire;
  private final String title;
  private final String tokens;
  private final Query query;

  Preset(String wire, String title, String tokens) {
    this.wire = wire;
    this.title = title;
    this.tokens = tokens;
    this.query = QueryParser.parse(tokens);
  }

  public String wire() {
    return wire;
  }

  public String title() {
    return title;
  }

  /** The preset as tokens, e.g. for a client that wants to show or edit it. */
  public String tokens() {
    return tokens;
  }

  public Query query() {
    return query;
  }

  /** Null for none; an unknown name is a 400. */
  public static Preset parse(String wire) {
    if (wire == null || wire.isEmpty()) {
      return null;
    }
    return Arrays.stream(values()).filter(p -> p.wire.equals(wire)).findFirst()
        .orElseThrow(() -> ApiError.invalid("preset", "must be one of "
            + Arrays.stream(values()).map(Preset::wire).collect(Collectors.joining(", "))));
  }
}
