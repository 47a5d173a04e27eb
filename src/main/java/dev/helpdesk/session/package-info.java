/**
 * Sessions that can end: one row per sign-in, checked through a per-process cache that
 * every instance empties when told through NOTIFY, sign-out (one or all), and the message
 * that asks the live feed to close the sockets of an ended session.
 */
package dev.helpdesk.session;
