package dev.helpdesk.live;

/**
 * Which live sockets to close, and with what code: {@link LiveService#disconnect} closes
 * them on every hub of this process and tells how many. (Across instances, the caller shares the decision
 * first, e.g. with a NOTIFY each instance acts on.)
 *
 * @param person a requester key ({@code user:5}, {@code contact:3}) for {@link Who#PERSON}, else null
 */
public record Disconnect(Who who, String person, short code, String reason) {

  /** The close code that tells a client its token no longer works: stop retrying, sign in again. */
  public static final short UNAUTHORIZED = 4401;
  /** The standard code for "the server is restarting: reconnect (elsewhere) and resume". */
  public static final short SERVICE_RESTART = 1012;

  public enum Who { PERSON, WALLBOARDS, EVERYONE }

  /** Every socket of a user (staff or requester user). */
  public static Disconnect user(long userId, short code, String reason) {
    return new Disconnect(Who.PERSON, "user:" + userId, code, reason);
  }

  /** Every socket of a person by requester key ({@code user:5} or {@code contact:3}). */
  public static Disconnect person(String requesterKey, short code, String reason) {
    return new Disconnect(Who.PERSON, requesterKey, code, reason);
  }

  /** Every socket opened with a wallboard link. */
  public static Disconnect wallboards(short code, String reason) {
    return new Disconnect(Who.WALLBOARDS, null, code, reason);
  }

  /** Every socket of this process (a graceful shutdown). */
  public static Disconnect everyone(short code, String reason) {
    return new Disconnect(Who.EVERYONE, null, code, reason);
  }

  boolean matches(Viewer viewer) {
    return switch (who) {
      case EVERYONE -> true;
      case WALLBOARDS -> viewer.kind() == Viewer.Kind.WALLBOARD;
      case PERSON -> person != null && person.equals(viewer.requesterKey());
    };
  }
}
