/**
 * The live feed: one {@link dev.helpdesk.live.ChangeFeed} per process LISTENs for new
 * events and publishes them on the local event bus, each frame encoded once; one
 * {@link dev.helpdesk.live.LiveHub} per event loop fans them out to the WebSockets of
 * {@code /api/live} that may see them. A hub is small classes, one per job:
 * {@link dev.helpdesk.live.Connections} (open sockets, heartbeat, closing),
 * {@link dev.helpdesk.live.TopicIndex} (who follows what),
 * {@link dev.helpdesk.live.Subscriptions} with {@link dev.helpdesk.live.TopicAccess} (who may follow what),
 * {@link dev.helpdesk.live.EventDispatch} (the fan-out), {@link dev.helpdesk.live.Resumer}
 * (replay after a reconnect), {@link dev.helpdesk.live.PresenceRelay} and
 * {@link dev.helpdesk.live.WallboardRelay}. {@link dev.helpdesk.live.PresenceBoard} shares who
 * views or types on a ticket across instances; {@link dev.helpdesk.live.WallboardFeed} pushes
 * coalesced wallboard counters; {@link dev.helpdesk.live.LiveMetrics} reports the fan-out in /metrics.
 */
package dev.helpdesk.live;
