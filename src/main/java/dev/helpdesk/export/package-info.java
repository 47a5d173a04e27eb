/**
 * Exports of what a filter matches, every page of it: CSV (RFC 4180, UTF-8) streamed in
 * keyset batches as the client reads, and a paged PDF table rendered on a worker thread
 * into a temporary file with embedded fonts, then sent. Both honour the list's permissions.
 */
package dev.helpdesk.export;
