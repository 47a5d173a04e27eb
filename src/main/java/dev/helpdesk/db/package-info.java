/** The database: the embedded or configured PostgreSQL, migrations at start-up, and the one shared pool. */
package dev.helpdesk.db;
