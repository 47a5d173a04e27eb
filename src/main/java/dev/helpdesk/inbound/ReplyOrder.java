package dev.helpdesk.inbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The order one poll round takes its mails in, so that a reply is never taken before the mail
 * it answers when both are in the mailbox: a mail that names (In-Reply-To/References) another
 * mail of the round comes after it, whatever their UIDs, and waits for it to be committed (the
 * poller chains it on the other's outcome). Otherwise the mailbox's order.
 *
 * <p>A mail that names other mails, none of which is known (one of ours, a mail taken, a mail
 * of this round), is held back: its original may be on its way, or taken by another instance
 * right now. It is taken once its hold is over (the poller's bound), as it would have been.
 * A mail whose only originals in the round are held is held with them.
 *
 * <p>A person's mails of the round also wait for that person's mail before them in this order
 * (the same From): someone who writes twice in a row, the first time with a big file, is read
 * in the thread as they wrote, and a first mail opens its ticket before the next one names it
 * by its ref.
 */
final class ReplyOrder {

  /** A mail of the round, as the poller's header FETCH gave it: ids lower case, in angle brackets. */
  record Mail(long uid, String messageId, List<String> refs, String from) {

    /** A mail whose sender is not known (no From): it waits for nobody's earlier mail. */
    Mail(long uid, String messageId, List<String> refs) {
      this(uid, messageId, refs, null);
    }
  }

  /**
   * {@code order}: indexes into the round's mails, originals first; {@code parents}: for each of
   * them, the mails of the round it waits for (all earlier in {@code order}); {@code held}: UIDs
   * left for a later round.
   */
  record Plan(List<Integer> order, Map<Integer, List<Integer>> parents, List<Long> held) {}

  private ReplyOrder() {}

  /**
   * @param known refs that are ours or taken already (need no waiting)
   * @param holdOver whether the hold of the mail with this UID is over
   */
  static Plan plan(List<Mail> mails, Set<String> known, LongPredicate holdOver) {
    Map<String, List<Integer>> byId = new HashMap<>();
    for (int i = 0; i < mails.size(); i++) {
      if (mails.get(i).messageId() != null) {
        byId.computeIfAbsent(mails.get(i).messageId(), k -> new ArrayList<>()).add(i);
      }
    }
    List<Set<Integer>> named = new ArrayList<>(mails.size());
    for (int i = 0; i < mails.size(); i++) {
      Set<Integer> in = new LinkedHashSet<>();
      for (String ref : mails.get(i).refs()) {
        for (int j : byId.getOrDefault(ref, List.of())) {
          if (j != i) {
            in.add(j);
          }
        }
      }
      named.add(in);
    }
    // depth first in UID order, originals before their replies; an edge back into a cycle
    // (mails naming each other) is dropped, so that nothing waits for itself
    int[] state = new int[mails.size()];
    List<Integer> order = new ArrayList<>(mails.size());
    for (int i = 0; i < mails.size(); i++) {
      visit(i, named, state, order);
    }
    int[] position = new int[mails.size()];
    for (int p = 0; p < order.size(); p++) {
      position[order.get(p)] = p;
    }
    boolean[] held = new boolean[mails.size()];
    Map<Integer, List<Integer>> parents = new HashMap<>();
    List<Integer> taken = new ArrayList<>();
    List<Long> heldUids = new ArrayList<>();
    Map<String, Integer> lastBySender = new HashMap<>();
    for (int i : order) {
      List<Integer> before = named.get(i).stream().filter(j -> position[j] < position[i]).toList();
      Mail m = mails.get(i);
      boolean anyKnown = m.refs().stream().anyMatch(known::contains);
      held[i] = !m.refs().isEmpty() && !anyKnown && (before.isEmpty()
          ? !holdOver.test(m.uid())
          : before.stream().allMatch(j -> held[j]));
      if (held[i]) {
        heldUids.add(m.uid());
      } else {
        taken.add(i);
        List<Integer> waits = new ArrayList<>(before.stream().filter(j -> !held[j]).toList());
        Integer previous = m.from() == null ? null : lastBySender.put(m.from(), i);
        if (previous != null && !waits.contains(previous)) {
          waits.add(previous);
        }
        parents.put(i, List.copyOf(waits));
      }
    }
    return new Plan(taken, parents, heldUids);
  }

  private static void visit(int i, List<Set<Integer>> named, int[] state, List<Integer> order) {
    if (state[i] != 0) {
      return;
    }
    state[i] = 1;
    for (int j : named.get(i)) {
      visit(j, named, state, order);
    }
    state[i] = 2;
    order.add(i);
  }
}
