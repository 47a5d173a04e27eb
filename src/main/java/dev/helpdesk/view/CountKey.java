package dev.helpdesk.view;

import dev.helpdesk.search.Query;
import dev.helpdesk.search.QueryParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kept count's identity: the query and, only if it says {@code agent:me}, who "me" is. All else
 * about a staff member's view of the desk is the same for all staff, so a shared view, two
 * people's identical private views and a preset without {@code me} share one count.
 */
record CountKey(Query query, Long me) {

  static CountKey of(Query query, long userId) {
    boolean usesMe = query.terms().stream().anyMatch(t -> t instanceof Query.Agent a && a.me());
    return new CountKey(query, usesMe ? userId : null);
  }

  /** The keys of these views as this person sees them, by view id, in their order. */
  static Map<Long, CountKey> ofViews(long userId, List<SavedView> views) {
    Map<Long, CountKey> keys = new LinkedHashMap<>();
    for (SavedView v : views) {
      keys.put(v.id(), of(QueryParser.parse(v.query()), userId));
    }
    return keys;
  }
}
