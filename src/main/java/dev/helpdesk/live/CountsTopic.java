package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The {@code counts} topic: a staff member's preset and saved-view counts, pushed when they
 * change (instead of every page asking again after every ticket event). Staff only
 * ({@link TopicAccess}); a follower is indexed under its person's key ({@code staff:5}) in
 * {@link TopicIndex}, and each frame goes to one person's sockets only. Frames carry no id:
 * they are computed, not rows of the events table, and are not replayed; a new follower is
 * sent the current counts at once. What the counts are is {@code view.ViewCounts}' business,
 * told through {@link LiveService#countsFollowers} and {@link LiveService#sendCounts}.
 */
final class CountsTopic {

  static final String TOPIC = "counts";
  static final String KIND = "counts.updated";

  /** One person's frame, on its way to the hubs. */
  record PersonFrame(String key, Buffer frame) {}

  private CountsTopic() {}

  static String key(long userId) {
    return "staff:" + userId;
  }

  static PersonFrame frame(long userId, JsonObject data) {
    return new PersonFrame(key(userId), new JsonObject().put("type", "event").put("topic", TOPIC).put("kind", KIND)
        .put("data", data).toBuffer());
  }
}
