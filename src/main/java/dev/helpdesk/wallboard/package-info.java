/** The wallboard: queue counters computed in SQL, read-only wallboard links, GET /api/wallboard. */
package dev.helpdesk.wallboard;
