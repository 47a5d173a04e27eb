package dev.helpdesk.http;

import java.util.Optional;

/**
 * @deprecated moved to {@link dev.helpdesk.domain.WireEnum}, so that domain enums do not
 * name the HTTP package. Kept so code written against the old name still compiles:
 * {@code sed -i 's/dev\.helpdesk\.http\.WireEnum/dev.helpdesk.domain.WireEnum/g'} moves it.
 */
@Deprecated
public interface WireEnum extends dev.helpdesk.domain.WireEnum {

  static <E extends Enum<E> & dev.helpdesk.domain.WireEnum> Optional<E> parse(Class<E> type, String wire) {
    return dev.helpdesk.domain.WireEnum.parse(type, wire);
  }

  static <E extends Enum<E> & dev.helpdesk.domain.WireEnum> String choices(Class<E> type) {
    return dev.helpdesk.domain.WireEnum.choices(type);
  }
}
