package dev.helpdesk.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts as an @mention in a note's text. */
class MentionsTest {

  @Test
  void handlesAndAddressesAreFoundOnceInLowerCase() {
    assertThat(Mentions.in("@Alice can you look? cc @bob@acme.test and @alice again."))
        .containsExactly("alice", "bob@acme.test");
  }

  @Test
  void mailAddressesInTheTextAreNoMentions() {
    assertThat(Mentions.in("Write to carl@acme.test or support@acme.test")).isEmpty();
  }

  @Test
  void trailingPunctuationIsNotPartOfTheHandle() {
    assertThat(Mentions.in("Thanks @dana. And (@eve)!")).containsExactly("dana", "eve");
  }

  @Test
  void aLoneAtIsNothing() {
    assertThat(Mentions.in("meet @ 5 pm")).isEmpty();
  }
}
