package dev.helpdesk.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum with lower snake case names on the wire ({@code IN_PROGRESS} is {@code in_progress}). */
public interface WireEnum {

  String name();

  default String wire() {
    return name().toLowerCase();
  }

  /** As people read it: {@code in_progress} is "In progress". */
  default String label() {
    String words = wire().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String wire) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(wire)).findFirst();
  }

  static <E extends Enum<E> & WireEnum> String choices(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", "));
  }
}
