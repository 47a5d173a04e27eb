/**
 * The live feed: one {@link dev.helpdesk.live.ChangeFeed} per process LISTENs for new
 * events and publishes them on the local event bus; one {@link dev.helpdesk.live.LiveHub}
 * per event loop fans them out to the WebSockets of {@code /api/live} that may see them;
 * {@link dev.helpdesk.live.PresenceBoard} shares who views or types on a ticket across
 * instances; {@link dev.helpdesk.live.WallboardFeed} pushes coalesced wallboard counters.
 */
package dev.helpdesk.live;
