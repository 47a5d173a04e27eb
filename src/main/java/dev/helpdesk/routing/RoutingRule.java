package dev.helpdesk.routing;

import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One rule: conditions ({@link When}, every given one must hold; a list holds when any of its
 * values does) and actions ({@link Then}).
 */
public record RoutingRule(String name, boolean active, When when, Then then) {

  /** What a new ticket must look like; an empty set or list is no condition. */
  public record When(Set<Category> category, Set<Channel> channel, Set<Priority> priority, List<String> tags,
                     List<String> subjectContains) {

    /** Every condition given holds: category, channel and priority among those listed, any tag, any word. */
    public boolean matches(Draft d) {
      if (!category.isEmpty() && !category.contains(d.category())) {
        return false;
      }
      if (!channel.isEmpty() && !channel.contains(d.channel())) {
        return false;
      }
      if (!priority.isEmpty() && !priority.contains(d.priority())) {
        return false;
      }
      if (!tags.isEmpty() && d.tags().stream().noneMatch(tags::contains)) {
        return false;
      }
      if (!subjectContains.isEmpty()) {
        String subject = d.subject().toLowerCase(Locale.ROOT);
        return subjectContains.stream().anyMatch(subject::contains);
      }
      return true;
    }
  }

  /** How to pick an agent. */
  public enum Assign { USER, ROUND_ROBIN, LEAST_OPEN }

  /** What the rule does: any of assign (with among), priority, addTags. */
  public record Then(Assign assign, Long userId, List<Long> among, Priority priority, List<String> addTags) {}

  /** The facts of a new ticket a rule looks at. */
  public record Draft(String subject, Category category, Channel channel, Priority priority, List<String> tags) {}

  public boolean matches(Draft d) {
    return active && when.matches(d);
  }

  public JsonObject toJson() {
    JsonObject w = new JsonObject();
    putList(w, "category", when.category().stream().map(WireEnum::wire).sorted().toList());
    putList(w, "channel", when.channel().stream().map(WireEnum::wire).sorted().toList());
    putList(w, "priority", when.priority().stream().map(WireEnum::wire).sorted().toList());
    putList(w, "tags", when.tags());
    putList(w, "subjectContains", when.subjectContains());
    JsonObject t = new JsonObject();
    if (then.assign() != null) {
      t.put("assign", switch (then.assign()) {
        case USER -> (Object) then.userId();
        case ROUND_ROBIN -> "round_robin";
        case LEAST_OPEN -> "least_open";
      });
    }
    putList(t, "among", then.among());
    if (then.priority() != null) {
      t.put("priority", then.priority().wire());
    }
    putList(t, "addTags", then.addTags());
    return new JsonObject().put("name", name).put("active", active).put("when", w).put("then", t);
  }

  private static void putList(JsonObject json, String key, List<?> values) {
    if (values != null && !values.isEmpty()) {
      json.put(key, new JsonArray(List.copyOf(values)));
    }
  }
}
