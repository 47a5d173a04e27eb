package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Server → client frames. Each is encoded once into a {@link Buffer}; {@link #text}
 * wraps that same buffer (no copy, no re-encoding) for every socket it goes to.
 */
final class Frames {

  private Frames() {}

  /** {@code {"type":"event","id":..,"topic":..,"kind":..,"data":<dataJson>}}; data is spliced in as it is. */
  static Buffer event(long id, String topic, String kind, String dataJson) {
    return Buffer.buffer("{\"type\":\"event\",\"id\":" + id + ",\"topic\":" + Json.encode(topic)
        + ",\"kind\":" + Json.encode(kind) + ",\"data\":" + dataJson + "}");
  }

  static Buffer error(String detail) {
    return new JsonObject().put("type", "error").put("detail", detail).toBuffer();
  }

  static Buffer of(JsonObject frame) {
    return frame.toBuffer();
  }

  /**
   * A final text frame over the encoded bytes. Vert.x's public factory only takes a
   * String (and would encode it again for every socket); the frame implementation
   * takes a slice of the buffer, which Netty may release without harm: Vert.x heap
   * buffers are unreleasable, so the bytes stay for the next socket.
   */
  static WebSocketFrame text(Buffer encoded) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) encoded).getByteBuf(), true);
  }
}
