package dev.helpdesk.team;

import dev.helpdesk.people.User;

/** The SQL of the team package, next to nothing else. */
final class TeamSql {

  private TeamSql() {}

  static final String LOCK_USER = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1 FOR UPDATE";
  static final String INSERT_USER = "INSERT INTO users (email, name, role, password_hash, invited_at)"
      + " VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END) RETURNING " + User.COLUMNS;
  static final String UPDATE_USER = "UPDATE users SET name = coalesce($2, name), role = coalesce($3, role),"
      + " active = coalesce($4, active), password_hash = coalesce($5, password_hash), email = coalesce($6, email)"
      + " WHERE id = $1 RETURNING " + User.COLUMNS;
  static final String SET_PASSWORD = "UPDATE users SET password_hash = $2, invited_at = NULL WHERE id = $1 AND active"
      + " RETURNING " + User.COLUMNS;
  static final String OPEN_ASSIGNED = "SELECT id FROM tickets WHERE assignee_id = $1"
      + " AND status NOT IN ('resolved', 'closed') ORDER BY id";
  static final String OPEN_ASSIGNED_FOR_RULES = "SELECT id, subject, category, channel, priority, tags FROM tickets"
      + " WHERE assignee_id = $1 AND status NOT IN ('resolved', 'closed') ORDER BY id";
  static final String ACTIVE_BY_EMAIL = "SELECT " + User.COLUMNS + " FROM users WHERE lower(email) = lower($1) AND active";
  static final String RECENT_RESETS = "SELECT count(*) FROM user_links WHERE user_id = $1 AND purpose = 'reset'"
      + " AND created_at > now() - interval '1 hour'";
}
