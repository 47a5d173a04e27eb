/**
 * Finding tickets: the token query language (parsed into a small AST, compiled to
 * parameterised SQL), the sorts with their keyset cursors, the listing with its capped
 * count, and the named presets. Exports and bulk changes walk the same listing.
 */
package dev.helpdesk.search;
