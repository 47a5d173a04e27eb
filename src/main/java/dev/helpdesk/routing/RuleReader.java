package dev.helpdesk.routing;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the rules of a PUT (a JSON array) or a preview (one rule), collecting every bad field
 * as {@code [2].then.among[0]} so that the page can show each next to its control.
 */
final class RuleReader {

  static final int MAX_RULES = 200;
  static final int MAX_VALUES = 50;
  private static final Set<String> RULE_KEYS = Set.of("name", "active", "when", "then");
  private static final Set<String> WHEN_KEYS = Set.of("category", "channel", "priority", "tags", "subjectContains");
  private static final Set<String> THEN_KEYS = Set.of("assign", "among", "priority", "addTags");

  private final List<ApiError.FieldError> errors = new ArrayList<>();

  /** The user ids the rules name, to be checked against the users table by the caller. */
  final Set<Long> userIds = new LinkedHashSet<>();
  /** Where each user id was named, for the error if it is no agent. */
  final List<Object[]> userRefs = new ArrayList<>();

  static RuleReader create() {
    return new RuleReader();
  }

  List<RoutingRule> rules(Object body) {
    if (!(body instanceof JsonArray array)) {
      throw ApiError.invalid("rules", "must be a JSON array of rules");
    }
    if (array.size() > MAX_RULES) {
      throw ApiError.invalid("rules", "must have at most " + MAX_RULES + " rules");
    }
    List<RoutingRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      RoutingRule rule = rule("[" + i + "]", array.getValue(i));
      if (rule != null) {
        if (!names.add(rule.name().toLowerCase(Locale.ROOT))) {
          error("[" + i + "].name", "must be unique; another rule is called " + rule.name());
        }
        rules.add(rule);
      }
    }
    return rules;
  }

  RoutingRule rule(String at, Object value) {
    if (!(value instanceof JsonObject json)) {
      error(at.isEmpty() ? "rule" : at, "must be an object with name, active, when and then");
      return null;
    }
    String p = at.isEmpty() ? "" : at + ".";
    unknown(json, RULE_KEYS, p);
    String name = json.getValue("name") instanceof String s ? s.strip() : null;
    if (name == null || name.isEmpty() || name.length() > 100) {
      error(p + "name", "is required: 1 to 100 characters");
    } else if (JsonFields.textProblem(name) != null) {
      error(p + "name", JsonFields.textProblem(name));
    }
    Object active = json.getValue("active");
    if (active != null && !(active instanceof Boolean)) {
      error(p + "active", "must be true or false");
    }
    RoutingRule.When when = when(p + "when", json.getValue("when"));
    RoutingRule.Then then = then(p + "then", json.getValue("then"));
    return new RoutingRule(name == null ? "" : name, !Boolean.FALSE.equals(active), when, then);
  }

  private RoutingRule.When when(String at, Object value) {
    JsonObject w = value == null ? new JsonObject() : value instanceof JsonObject o ? o : null;
    if (w == null) {
      error(at, "must be an object");
      w = new JsonObject();
    }
    unknown(w, WHEN_KEYS, at + ".");
    return new RoutingRule.When(
        enums(at + ".category", w.getValue("category"), Category.class),
        enums(at + ".channel", w.getValue("channel"), Channel.class),
        enums(at + ".priority", w.getValue("priority"), Priority.class),
        // a condition's tags are only compared (and a stored rule is read back with these checks):
        // a tag no ticket can carry just never matches, where dropping it would widen the rule
        words(at + ".tags", w.getValue("tags"), 40, false),
        words(at + ".subjectContains", w.getValue("subjectContains"), 100, false));
  }

  private RoutingRule.Then then(String at, Object value) {
    if (!(value instanceof JsonObject t)) {
      error(at, "is required: an object with assign, among, priority or addTags");
      return new RoutingRule.Then(null, null, List.of(), null, List.of());
    }
    unknown(t, THEN_KEYS, at + ".");
    RoutingRule.Assign assign = null;
    Long userId = null;
    Object a = t.getValue("assign");
    if (a instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0) {
      assign = RoutingRule.Assign.USER;
      userId = n.longValue();
      user(at + ".assign", userId);
    } else if ("round_robin".equals(a)) {
      assign = RoutingRule.Assign.ROUND_ROBIN;
    } else if ("least_open".equals(a)) {
      assign = RoutingRule.Assign.LEAST_OPEN;
    } else if (a != null) {
      error(at + ".assign", "must be a user id, \"round_robin\" or \"least_open\"");
    }
    List<Long> among = ids(at + ".among", t.getValue("among"));
    if (assign == RoutingRule.Assign.ROUND_ROBIN && among.isEmpty()) {
      error(at + ".among", "is required for round_robin: the ids of the agents who take turns");
    }
    if (!among.isEmpty() && assign != RoutingRule.Assign.ROUND_ROBIN && assign != RoutingRule.Assign.LEAST_OPEN) {
      error(at + ".among", "goes with assign round_robin or least_open");
    }
    Priority priority = null;
    Object pr = t.getValue("priority");
    if (pr != null) {
      priority = pr instanceof String s ? WireEnum.parse(Priority.class, s).orElse(null) : null;
      if (priority == null) {
        error(at + ".priority", "must be one of " + WireEnum.choices(Priority.class));
      }
    }
    List<String> addTags = words(at + ".addTags", t.getValue("addTags"), 40, true);
    if (assign == null && priority == null && addTags.isEmpty() && a == null && pr == null) {
      error(at, "must do something: assign, priority or addTags");
    }
    return new RoutingRule.Then(assign, userId, among, priority, addTags);
  }

  private <E extends Enum<E> & WireEnum> Set<E> enums(String at, Object value, Class<E> type) {
    Set<E> set = EnumSet.noneOf(type);
    JsonArray array = array(at, value);
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      E e = item instanceof String s ? WireEnum.parse(type, s).orElse(null) : null;
      if (e == null) {
        error(at + "[" + i + "]", "must be one of " + WireEnum.choices(type));
      } else {
        set.add(e);
      }
    }
    return set;
  }

  /**
   * Tags and subject words: lower case, trimmed, 1..max characters, distinct; with {@code tags}, only
   * the characters a ticket's tag may hold (a rule adds them to tickets past the ticket's own checks).
   */
  private List<String> words(String at, Object value, int max, boolean tags) {
    Set<String> words = new LinkedHashSet<>();
    JsonArray array = array(at, value);
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String word = item instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : null;
      if (word == null || word.isEmpty() || word.length() > max) {
        error(at + "[" + i + "]", "must be a text of 1 to " + max + " characters");
      } else if (JsonFields.textProblem(word) != null) {
        error(at + "[" + i + "]", JsonFields.textProblem(word));
      } else if (tags && !JsonFields.tagCharacters(word)) {
        error(at + "[" + i + "]", "may contain letters, digits, spaces and _ . - : / + # @ only");
      } else {
        words.add(word);
      }
    }
    return List.copyOf(words);
  }

  private List<Long> ids(String at, Object value) {
    Set<Long> ids = new LinkedHashSet<>();
    JsonArray array = array(at, value);
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0) {
        ids.add(n.longValue());
        user(at + "[" + i + "]", n.longValue());
      } else {
        error(at + "[" + i + "]", "must be a user id");
      }
    }
    return List.copyOf(ids);
  }

  private JsonArray array(String at, Object value) {
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      error(at, "must be an array");
      return new JsonArray();
    }
    if (array.size() > MAX_VALUES) {
      error(at, "must have at most " + MAX_VALUES + " values");
      return new JsonArray();
    }
    return array;
  }

  private void user(String at, long id) {
    userIds.add(id);
    userRefs.add(new Object[] {at, id});
  }

  private void unknown(JsonObject json, Set<String> allowed, String prefix) {
    for (String key : json.fieldNames()) {
      if (!allowed.contains(key)) {
        error(prefix + key, "is not a known field; known fields are " + String.join(", ", allowed));
      }
    }
  }

  void error(String field, String message) {
    errors.add(new ApiError.FieldError(field, message));
  }

  /** Fails with every collected error as one 400. */
  void check() {
    if (!errors.isEmpty()) {
      throw ApiError.invalid(List.copyOf(errors));
    }
  }

  /** Each named user id that is not an agent or admin becomes an error at the place it was named. */
  void staffOnly(Set<Long> staffIds) {
    for (Object[] ref : userRefs) {
      if (!staffIds.contains((Long) ref[1])) {
        error((String) ref[0], "no agent or admin has id " + ref[1]);
      }
    }
  }
}
