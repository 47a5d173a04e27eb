package dev.helpdesk.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text cut into words in Java as SQL's {@code search_words} and {@code search_query} do
 * (migrations V70, V90), for the counts judged without a query: a word is a run of letters
 * and digits, in lower case; a query's word matches a whole word, or the words it begins where
 * its part of the query ends in * and it is longer than one letter.
 * SearchAgreesWithJavaFilterTest holds the two to the same answers.
 */
public final class SearchWords {

  private SearchWords() {}

  /** The words of {@code text}, in order, lower case. */
  public static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    if (text == null) {
      return words;
    }
    int start = -1;
    for (int i = 0; i <= text.length(); ) {
      int c = i < text.length() ? text.codePointAt(i) : ' ';
      boolean inWord = Character.isLetterOrDigit(c);
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
      i += i < text.length() ? Character.charCount(c) : 1;
    }
    return words;
  }

  /** Whether every word of {@code query} is a word of {@code text} (or begins one, see above). */
  public static boolean match(String text, String query) {
    List<String> have = of(text);
    for (String part : query.strip().split("\\s+")) {
      boolean beginning = part.endsWith("*");
      for (String word : of(part)) {
        boolean found = beginning && word.length() > 1
            ? have.stream().anyMatch(h -> h.startsWith(word)) : have.contains(word);
        if (!found) {
          return false;
        }
      }
    }
    return true;
  }

  /** The text without the * that asks for beginnings: what a snippet looks for. */
  public static String withoutStars(String text) {
    return text.replace("*", "");
  }
}
