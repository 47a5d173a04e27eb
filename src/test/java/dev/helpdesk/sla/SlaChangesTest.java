package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The audit's lines for an SLA save: what changed, also a day that closed. */
class SlaChangesTest {

  private static SlaPolicy withHours(JsonObject week) {
    JsonObject json = SlaPolicy.defaults().toJson().put("businessHours", new JsonObject()
        .put("timeZone", "Europe/Berlin").put("week", week).put("holidays", new JsonArray()));
    return SlaPolicyReader.read(json);
  }

  private static JsonObject day(String start, String end) {
    return new JsonObject().put("start", start).put("end", end);
  }

  @Test
  void aDayOpenedAClosedDayAndChangedHoursAreEachALine() {
    SlaPolicy before = withHours(new JsonObject().put("monday", day("09:00", "17:00")).put("tuesday", day("09:00", "17:00")));
    SlaPolicy after = withHours(new JsonObject().put("monday", day("08:00", "17:00")).put("wednesday", day("09:00", "12:00")));

    assertThat(SlaChanges.between(before, after).getList()).containsExactlyInAnyOrder(
        "Monday: 09:00–17:00 → 08:00–17:00",
        "Tuesday: 09:00–17:00 → closed",
        "Wednesday: closed → 09:00–12:00");
    assertThat(SlaChanges.between(after, after).getList()).isEmpty();
  }
}
