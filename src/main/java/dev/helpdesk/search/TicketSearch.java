package dev.helpdesk.search;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds tickets: one keyset page of a query in a sort, and how many match. Pages are
 * stable while tickets are created (a position is a key, not an offset, so nothing is
 * skipped or shown twice). The count is exact up to {@link #EXACT_COUNT_LIMIT}; past it,
 * the planner's estimate is given and flagged, so a broad filter over millions of
 * tickets never counts them all.
 *
 * <p>{@link #list} answers a page and the total with one pass over the filter when it
 * matches at most the exact limit: the matches (ids and sort keys, at most 10,001) are
 * gathered once, counted, and the page is cut from them. Only a broad filter (more than
 * the limit, remembered for a while in {@link BroadCounts}) takes the page from the sort's
 * index and the total from the planner, or, for free words, from a sample of the table.
 * Words expected near the limit are counted while the page is read along the sort's index.
 */
public final class TicketSearch {

  public static final int EXACT_COUNT_LIMIT = 10_000;
  /**
   * Free words a sample finds this often are not counted (see {@link #list}): at twice the
   * exact limit, a sample of 0.5 % has seen about 100 of them, so fewer than 10,000 is out of reach.
   */
  static final int SURELY_BROAD = 2 * EXACT_COUNT_LIMIT;
  /**
   * With two words or more, below this the planner's estimate is trusted and the words are
   * gathered without a sample; with one word, below {@link #SURELY_BROAD} (see {@link #list}).
   */
  static final int SAMPLE_ABOVE = 2_000;
  /** Words expected this often are counted beside a page read along the sort's index (see {@link #list}). */
  static final int NEAR_LIMIT = EXACT_COUNT_LIMIT * 3 / 4;
  static final double SAMPLE_PERCENT = 0.5;

  /** The list columns without the description: exports and bulk changes never need it. */
  private static final String BRIEF_COLUMNS = Ticket.COLUMNS.replace("t.description,", "'' AS description,");

  /** One page and where the next one starts (null at the end). */
  public record Page(List<Ticket> items, Cursor next) {}

  /** A page of the list with the total of the whole list. */
  public record Listing(Page page, Total total) {}

  /** How many match; {@code estimate} when more than the exact limit. */
  public record Total(long count, boolean estimate) {
    public JsonObject toJson() {
      return new JsonObject().put("count", count).put("estimate", estimate);
    }
  }

  private final SqlClient client;
  private final SlaClock clock;
  private final BroadCounts broad = new BroadCounts();

  public TicketSearch(SqlClient client, SlaClock clock) {
    this.client = client;
    this.clock = clock;
  }

  public SlaClock clock() {
    return clock;
  }

  /** Forgets which filters were found broad (a mass delete may have made them small). */
  public static void forgetBroadCounts() {
    BroadCounts.forgetAll();
  }

  public Future<Page> page(Caller caller, Query query, Sort sort, int limit, Cursor after) {
    return page(client, caller, query, sort, limit, after, true);
  }

  /** A page read through {@code on} (a transaction, say); {@code full} false leaves the descriptions out. */
  public Future<Page> page(SqlClient on, Caller caller, Query query, Sort sort, int limit, Cursor after,
                           boolean full) {
    return page(on, SqlFilter.compile(query, caller, clock.now()), sort, limit, after, full);
  }

  /** A page of a list known to match more than the exact limit: read along the sort's index. */
  private Future<Page> broadPage(Caller caller, Query query, Sort sort, int limit, Cursor after) {
    return page(client, SqlFilter.compileWalked(query, caller, clock.now()), sort, limit, after, true);
  }

  private Future<Page> page(SqlClient on, SqlFilter filter, Sort sort, int limit, Cursor after, boolean full) {
    String where = after == null ? filter.where() : filter.whereAnd(sort.after(after, filter));
    String limitParam = filter.param(limit + 1);
    String sql = "SELECT " + (full ? Ticket.COLUMNS : BRIEF_COLUMNS) + sort.selectKeys() + " FROM tickets t"
        + Ticket.JOINS + where + sort.orderBy() + " LIMIT " + limitParam;
    return on.preparedQuery(sql).execute(Tuple.from(filter.params())).map(rows -> toPage(rows, sort, limit));
  }

  /** Up to {@code limit} tickets, and a cursor after the last when a row more came back. */
  private static Page toPage(io.vertx.sqlclient.RowSet<Row> rows, Sort sort, int limit) {
    List<Ticket> items = new ArrayList<>(Math.min(rows.size(), limit));
    Cursor last = null;
    boolean more = false;
    for (Row row : rows) {
      if (items.size() == limit) {
        more = true;
        break;
      }
      Ticket ticket = Ticket.from(row);
      items.add(ticket);
      last = Cursor.of(sort, row, ticket.id());
    }
    return new Page(items, more ? last : null);
  }

  /** A page and the total, in one pass over the filter when it is not broad. */
  public Future<Listing> list(Caller caller, Query query, Sort sort, int limit, Cursor after) {
    String key = BroadCounts.key(caller, query);
    long now = System.currentTimeMillis();
    Long remembered = broad.get(key, now);
    if (remembered != null) {
      return broadPage(caller, query, sort, limit, after).map(page -> {
        if (after == null && page.next() == null) {
          // the whole list fits on one page: what was remembered is out of date
          broad.forget(key);
          return new Listing(page, new Total(page.items().size(), false));
        }
        return new Listing(page, new Total(remembered, true));
      });
    }
    if (query.terms().stream().noneMatch(t -> t instanceof Query.Text text && !text.negated())) {
      return gathered(caller, query, sort, limit, after, key, now, false);
    }
    // Words: how many first. Gathering 10,001 tickets of a common word reads that many rows (and
    // builds its whole bitmap first), where the sort's index finds a page among a few hundred.
    // The planner's word statistics take words for independent, and words that go together
    // ("laptop driver") match seven times more than it expects: past a few thousand, a sample
    // of the table says. One word's frequency the planner knows from its statistics, so a sample
    // (10-15 ms, more for subject: whose words it cuts again row by row) only confirms a broad one.
    SqlFilter filter = SqlFilter.compile(query, caller, clock.now());
    long trusted = wordCount(query) > 1 ? SAMPLE_ABOVE : SURELY_BROAD;
    return estimate(filter, filter.params().size(), 0).compose(guess -> {
      if (guess.count() >= trusted) {
        return sampled(SqlFilter.compileWalked(query, caller, clock.now()))
            .compose(sample -> byExpected(sample, caller, query, sort, limit, after, key, now));
      }
      return plannerSeesAll(query) ? byExpected(guess, caller, query, sort, limit, after, key, now)
          : gathered(caller, query, sort, limit, after, key, now, true);
    });
  }

  /** Words by how many are expected: gathered, counted beside a page, or broad. */
  private Future<Listing> byExpected(Total expected, Caller caller, Query query, Sort sort, int limit, Cursor after,
                                     String key, long now) {
    if (expected.count() < NEAR_LIMIT) {
      return gathered(caller, query, sort, limit, after, key, now, true);
    }
    if (expected.count() <= SURELY_BROAD) {
      return countedBesidePage(caller, query, sort, limit, after, key, now);
    }
    broad.put(key, expected.count(), now);
    return broadPage(caller, query, sort, limit, after).map(page -> new Listing(page, expected));
  }

  /**
   * Whether the planner can estimate the query: `agent:` and `requester:` by email select tickets
   * by ids from a subquery it cannot see into, and it guesses tens of thousands where a few
   * hundred match; walking the sort's index for those read 25,000 rows and more.
   */
  private static boolean plannerSeesAll(Query query) {
    return query.terms().stream().noneMatch(t -> t instanceof Query.Requester
        || t instanceof Query.Agent agent && !agent.emails().isEmpty());
  }

  /**
   * Words expected near or past the exact limit: the page read along the sort's index while the
   * matches are counted up to the limit, side by side on two connections. Gathering first and
   * finding more than the limit meant reading 10,001 matches and then walking the index anyway
   * (45-65 ms for `priority:medium subject:invoice`, 19,000 matches, against 25-30).
   */
  private Future<Listing> countedBesidePage(Caller caller, Query query, Sort sort, int limit, Cursor after,
                                            String key, long now) {
    SqlFilter filter = SqlFilter.compile(query, caller, clock.now());
    Future<Page> page = broadPage(caller, query, sort, limit, after);
    Future<Total> total = gather(capped(filter), Tuple.from(filter.params()), true).compose(rows -> {
      long counted = rows.iterator().next().getLong(0);
      return counted <= EXACT_COUNT_LIMIT ? Future.succeededFuture(new Total(counted, false))
          : estimate(filter, filter.params().size(), counted).onSuccess(t -> broad.put(key, t.count(), now));
    });
    return Future.all(page, total).map(done -> new Listing(page.result(), total.result()));
  }

  /** How many match, counted no further than one past the exact limit. */
  private static String capped(SqlFilter filter) {
    return "SELECT count(*) FROM (SELECT FROM tickets t" + filter.where() + " LIMIT " + (EXACT_COUNT_LIMIT + 1) + ") c";
  }

  /** How many words the query's positive texts hold, in the subject or anywhere. */
  private static int wordCount(Query query) {
    return query.terms().stream().filter(t -> t instanceof Query.Text && !t.negated())
        .mapToInt(t -> SearchWords.of(((Query.Text) t).text()).size()).sum();
  }

  /**
   * How many match, from the pages of a {@link #SAMPLE_PERCENT} sample of the table: an estimate.
   * Each sampled row is judged, so the filter is the one for rows read in turn (no subject keys).
   */
  private Future<Total> sampled(SqlFilter filter) {
    return client.preparedQuery("SELECT count(*) FROM tickets t TABLESAMPLE SYSTEM (" + SAMPLE_PERCENT + ")"
        + filter.where()).execute(Tuple.from(filter.params()))
        .map(rows -> new Total(Math.round(rows.iterator().next().getLong(0) * 100 / SAMPLE_PERCENT), true));
  }

  /**
   * The matches gathered once (ids and sort keys, at most the exact limit + 1), counted, and the
   * page cut from them; past the limit the page comes from the sort's index and the total from
   * the planner.
   */
  private Future<Listing> gathered(Caller caller, Query query, Sort sort, int limit, Cursor after, String key,
                                   long now, boolean byWords) {
    SqlFilter filter = SqlFilter.compile(query, caller, clock.now());
    int filterParams = filter.params().size();
    String keyset = after == null ? "" : " WHERE " + sort.afterKeys(after, filter);
    String sql = "WITH m AS MATERIALIZED (SELECT t.id" + sort.selectKeys() + " FROM tickets t" + filter.where()
        + " LIMIT " + (EXACT_COUNT_LIMIT + 1) + ") SELECT (SELECT count(*) FROM m) AS total,"
        + " ARRAY(SELECT m.id FROM m" + keyset + sort.orderByKeys() + " LIMIT " + filter.param(limit + 1) + ") AS ids";
    return gather(sql, Tuple.from(filter.params()), byWords).compose(rows -> {
      Row row = rows.iterator().next();
      long total = row.getLong("total");
      if (total > EXACT_COUNT_LIMIT) {
        Future<Page> page = broadPage(caller, query, sort, limit, after);
        Future<Total> estimate = estimate(filter, filterParams, total).onSuccess(t -> broad.put(key, t.count(), now));
        return Future.all(page, estimate).map(done -> new Listing(page.result(), estimate.result()));
      }
      Long[] ids = row.getArrayOfLongs("ids");
      return byIds(ids, sort, limit).map(page -> new Listing(page, new Total(total, false)));
    });
  }

  /**
   * Runs the gathering query; with words, through the words' index. The planner cannot know how
   * many tickets `agent:` by email or `requester:` select (their ids come from a subquery), and
   * where it guesses tens of thousands it reads the table in order until 10,001 match, all
   * million rows when 9,000 do (1.5 s); words are gathered only when a few thousand are expected.
   */
  private Future<RowSet<Row>> gather(String sql, Tuple params, boolean byWords) {
    if (!byWords || !(client instanceof Pool pool)) {
      return client.preparedQuery(sql).execute(params);
    }
    return pool.withTransaction(conn -> conn.query("SET LOCAL enable_seqscan = off").execute()
        .compose(v -> conn.preparedQuery(sql).execute(params)));
  }

  /** The page of these ids (at most limit + 1, in order), read in full. */
  private Future<Page> byIds(Long[] ids, Sort sort, int limit) {
    if (ids.length == 0) {
      return Future.succeededFuture(new Page(List.of(), null));
    }
    String sql = "SELECT " + Ticket.COLUMNS + sort.selectKeys() + " FROM tickets t" + Ticket.JOINS
        + " WHERE t.id = ANY($1)" + sort.orderBy();
    return client.preparedQuery(sql).execute(Tuple.of(ids)).map(rows -> toPage(rows, sort, limit));
  }

  /** The planner's estimate for the filter (whose first {@code params} parameters it uses), at least {@code atLeast}. */
  private Future<Total> estimate(SqlFilter filter, int params, long atLeast) {
    return estimate(client, filter, params, atLeast);
  }

  private static Future<Total> estimate(SqlClient client, SqlFilter filter, int params, long atLeast) {
    return client.preparedQuery("EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets t" + filter.where())
        .execute(Tuple.from(filter.params().subList(0, params)))
        .map(plan -> new Total(Math.max(atLeast, planRows(plan.iterator().next().getValue(0))), true));
  }

  /**
   * How many match, read through {@code on} (a transaction whose snapshot the caller also
   * reads something else in), never remembered: exact up to the limit, else the planner's estimate.
   */
  public Future<Total> countIn(SqlClient on, Caller caller, Query query) {
    SqlFilter filter = SqlFilter.compile(query, caller, clock.now());
    return on.preparedQuery(capped(filter)).execute(Tuple.from(filter.params())).compose(rows -> {
      long exact = rows.iterator().next().getLong(0);
      return exact <= EXACT_COUNT_LIMIT ? Future.succeededFuture(new Total(exact, false))
          : estimate(on, filter, filter.params().size(), exact);
    });
  }

  public Future<Total> count(Caller caller, Query query) {
    SqlFilter filter = SqlFilter.compile(query, caller, clock.now());
    String key = BroadCounts.key(caller, query);
    long now = System.currentTimeMillis();
    Long remembered = broad.get(key, now);
    if (remembered != null) {
      return Future.succeededFuture(new Total(remembered, true));
    }
    Tuple params = Tuple.from(filter.params());
    return client.preparedQuery(capped(filter)).execute(params).compose(rows -> {
      long exact = rows.iterator().next().getLong(0);
      if (exact <= EXACT_COUNT_LIMIT) {
        return Future.succeededFuture(new Total(exact, false));
      }
      return estimate(filter, filter.params().size(), exact).onSuccess(t -> broad.put(key, t.count(), now));
    });
  }

  /** "Plan Rows" of the top node of an EXPLAIN (FORMAT JSON) answer. */
  private static long planRows(Object explained) {
    JsonArray plans = explained instanceof JsonArray a ? a : new JsonArray(String.valueOf(explained));
    return Math.round(plans.getJsonObject(0).getJsonObject("Plan").getDouble("Plan Rows"));
  }
}
