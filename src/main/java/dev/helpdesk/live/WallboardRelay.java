package dev.helpdesk.live;

/** Wallboard counters on one hub: each update from the {@link WallboardFeed} to every wallboard follower, as one frame. */
final class WallboardRelay {

  private final TopicIndex index;

  WallboardRelay(TopicIndex index) {
    this.index = index;
  }

  void update(WallboardFeed.Update u) {
    index.followers(Topics.WALLBOARD).walk(s -> s.send(u.frame()));
  }
}
