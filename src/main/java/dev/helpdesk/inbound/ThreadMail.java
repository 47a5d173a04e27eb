package dev.helpdesk.inbound;

import dev.helpdesk.conversation.Message;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * For staff: each message that came by mail gets {@code "mail": {"from", "to", "cc"}} in the
 * thread (dev.helpdesk.conversation.ConversationRoutes calls this hook), for the "via email" line.
 */
public final class ThreadMail {

  private ThreadMail() {}

  public static Future<JsonArray> render(SqlClient client, List<Message> messages) {
    List<Long> byMail = messages.stream().filter(m -> "email".equals(m.via())).map(Message::id).toList();
    if (byMail.isEmpty()) {
      return Future.succeededFuture(new JsonArray(messages.stream().map(Message::toJson).toList()));
    }
    return InboundStore.mailOfMessages(client, byMail).map(mails -> {
      JsonArray out = new JsonArray();
      for (Message m : messages) {
        JsonObject json = m.toJson();
        JsonObject mail = mails.get(m.id());
        if (mail != null) {
          json.put("mail", mail);
        }
        out.add(json);
      }
      return out;
    });
  }
}
