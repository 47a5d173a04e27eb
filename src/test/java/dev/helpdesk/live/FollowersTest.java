package dev.helpdesk.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The follower arrays a fan-out walks: no copy per event, and a change during a walk never disturbs it. */
class FollowersTest {

  private static LiveSocket socket(long id) {
    // only identity matters here: no WebSocket behind it
    return new LiveSocket(id, null, Viewer.WALLBOARD, 0);
  }

  @Test
  void addsRemovesAndWalksEachFollowerOnce() {
    Followers f = new Followers();
    List<LiveSocket> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(socket(i));
      assertThat(f.add(all.get(i))).isTrue();
    }
    assertThat(f.add(all.get(3))).isFalse();
    assertThat(f.remove(all.get(3))).isTrue();
    assertThat(f.remove(all.get(3))).isFalse();
    assertThat(f.remove(all.get(0))).isTrue();
    List<LiveSocket> seen = new ArrayList<>();
    assertThat(f.walk(seen::add)).isEqualTo(8);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all.subList(1, 10).stream()
        .filter(s -> s != all.get(3)).toList());
  }

  @Test
  void aWalkGoesOnOverTheFollowersItStartedWithWhileSomeLeaveOrJoin() {
    Followers f = new Followers();
    List<LiveSocket> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(socket(i));
      f.add(all.get(i));
    }
    LiveSocket late = socket(99);
    List<LiveSocket> seen = new ArrayList<>();
    f.walk(s -> {
      seen.add(s);
      if (seen.size() == 1) {
        all.forEach(f::remove); // every follower closes in the middle of a fan-out
        f.add(late);
      }
    });
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    List<LiveSocket> after = new ArrayList<>();
    f.walk(after::add);
    assertThat(after).containsExactly(late);
  }
}
