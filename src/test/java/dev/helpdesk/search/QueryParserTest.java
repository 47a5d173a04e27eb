package dev.helpdesk.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.search.Query.DateField;
import dev.helpdesk.search.Query.DayRange;
import dev.helpdesk.search.Query.Field;
import dev.helpdesk.sla.SlaState;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every token of the grammar, and every way to get one wrong. */
class QueryParserTest {

  @Test
  void blankQueriesAreEmpty() {
    assertThat(QueryParser.parse(null).isEmpty()).isTrue();
    assertThat(QueryParser.parse("   ").isEmpty()).isTrue();
  }

  @Test
  void enumTokensTakeCommaListsAndIgnoreCase() {
    assertThat(QueryParser.parse("status:open,Pending").terms())
        .containsExactly(new Query.Is(Field.STATUS, false, Set.of("open", "pending")));
    assertThat(QueryParser.parse("priority:urgent").terms())
        .containsExactly(new Query.Is(Field.PRIORITY, false, Set.of("urgent")));
    assertThat(QueryParser.parse("category:billing,account").terms())
        .containsExactly(new Query.Is(Field.CATEGORY, false, Set.of("billing", "account")));
    assertThat(QueryParser.parse("Channel:EMAIL").terms())
        .containsExactly(new Query.Is(Field.CHANNEL, false, Set.of("email")));
  }

  @Test
  void aLeadingMinusNegatesAToken() {
    assertThat(QueryParser.parse("-status:closed").terms())
        .containsExactly(new Query.Is(Field.STATUS, true, Set.of("closed")));
    assertThat(QueryParser.parse("-printer").terms()).containsExactly(new Query.Text(true, "printer"));
  }

  @Test
  void agentTakesMeNoneEmailsAndIds() {
    assertThat(QueryParser.parse("agent:me").terms())
        .containsExactly(new Query.Agent(false, true, false, Set.of(), Set.of()));
    assertThat(QueryParser.parse("agent:none").terms())
        .containsExactly(new Query.Agent(false, false, true, Set.of(), Set.of()));
    assertThat(QueryParser.parse("-agent:Alice@Example.com,5").terms())
        .containsExactly(new Query.Agent(true, false, false, Set.of(5L), Set.of("alice@example.com")));
  }

  @Test
  void requesterTakesEmailsInLowerCase() {
    assertThat(QueryParser.parse("requester:Bob@Example.com").terms())
        .containsExactly(new Query.Requester(false, Set.of("bob@example.com")));
  }

  @Test
  void tagsAreLowerCaseAndMayBeQuoted() {
    assertThat(QueryParser.parse("tag:VIP,printer").terms())
        .containsExactly(new Query.Tags(false, Set.of("vip", "printer")));
    assertThat(QueryParser.parse("tag:\"needs review\"").terms())
        .containsExactly(new Query.Tags(false, Set.of("needs review")));
  }

  @Test
  void datesAreDaysOrRangesWithOpenEnds() {
    LocalDate jan1 = LocalDate.parse("2026-01-01");
    LocalDate jan31 = LocalDate.parse("2026-01-31");
    assertThat(QueryParser.parse("created:2026-01-01..2026-01-31").terms())
        .containsExactly(new Query.Dates(DateField.CREATED, false, List.of(new DayRange(jan1, jan31))));
    assertThat(QueryParser.parse("due:..2026-01-31").terms())
        .containsExactly(new Query.Dates(DateField.DUE, false, List.of(new DayRange(null, jan31))));
    assertThat(QueryParser.parse("updated:2026-01-01..").terms())
        .containsExactly(new Query.Dates(DateField.UPDATED, false, List.of(new DayRange(jan1, null))));
    assertThat(QueryParser.parse("created:2026-01-01,2026-01-31").terms())
        .containsExactly(new Query.Dates(DateField.CREATED, false,
            List.of(new DayRange(jan1, jan1), new DayRange(jan31, jan31))));
  }

  @Test
  void slaTakesEveryState() {
    assertThat(QueryParser.parse("sla:breached,approaching,ok,paused,met").terms())
        .containsExactly(new Query.Sla(false, Set.of(SlaState.values())));
  }

  @Test
  void freeWordsAndQuotedPhrasesMatchTheSubject() {
    assertThat(QueryParser.parse("printer  \"paper jam\" -\"floor 3\"").terms()).containsExactly(
        new Query.Text(false, "printer"), new Query.Text(false, "paper jam"), new Query.Text(true, "floor 3"));
    assertThat(QueryParser.parse("\"re: invoice\"").terms()).containsExactly(new Query.Text(false, "re: invoice"));
  }

  @Test
  void tokensCombine() {
    Query q = QueryParser.parse("status:open,pending priority:urgent agent:none printer");
    assertThat(q.terms()).hasSize(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "colour:red | unknown token 'colour:'; valid tokens are status:",
      "status:opne | 'opne' is not a status; use open, pending, in_progress, on_hold, resolved, closed",
      "priority:hot | 'hot' is not a priority; use urgent, high, medium, low",
      "category:x | 'x' is not a category; use general",
      "channel:fax | 'fax' is not a channel; use email, web, phone, chat, internal",
      "status: | status: needs a value, e.g. status:open,pending",
      "status:open, | needs a value between the commas",
      "agent:bob | 'bob' is not an agent; use me, none, an agent's email or id",
      "requester:bob | 'bob' is not an email address",
      "created:2026-13-01 | '2026-13-01' is not a day; write days as YYYY-MM-DD",
      "due:yesterday | 'yesterday' is not a day",
      "updated:.. | '..' needs a day on at least one side",
      "created:2026-02-01..2026-01-01 | the range ends (2026-01-01) before it starts (2026-02-01)",
      "sla:late | 'late' is not an SLA state; use ok, approaching, breached, paused, met",
      "\"paper jam | opens a quote that is never closed",
      "- | a lone - must be followed by a token",
      "pa\"per\" | has a quote inside a word",
      "\"\" | is an empty phrase",
      "\"a\"b | a quoted phrase must be one",
  })
  void badTokensAreRejectedNamingTheTokenAndWhatIsValid(String q, String message) {
    assertThatThrownBy(() -> QueryParser.parse(q))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.toJson().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("q");
          assertThat(e.toJson().getJsonArray("errors").getJsonObject(0).getString("message")).contains(message);
        });
  }

  @Test
  void everyBadTokenIsReportedAtOnce() {
    assertThatThrownBy(() -> QueryParser.parse("status:x printer priority:y"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.toJson().getJsonArray("errors")).hasSize(2));
  }

  @Test
  void tooManyTokensOrValuesAreRejected() {
    assertThatThrownBy(() -> QueryParser.parse("a ".repeat(QueryParser.MAX_TOKENS + 1)))
        .hasMessageContaining("at most " + QueryParser.MAX_TOKENS);
    assertThatThrownBy(() -> QueryParser.parse("tag:" + "a,".repeat(QueryParser.MAX_VALUES) + "b"))
        .hasMessageContaining("at most " + QueryParser.MAX_VALUES);
    assertThatThrownBy(() -> QueryParser.parse("tag:" + "x".repeat(41))).hasMessageContaining("at most 40");
  }

  @Test
  void presetsAreValidQueries() {
    for (Preset preset : Preset.values()) {
      assertThat(preset.query().isEmpty()).isFalse();
    }
  }
}
