// Live updates from /api/live: frames, topics and presence are described in docs/live.md
// (what it adds to the contract's "Live" section in the team's API.md) and docs/api.md.
//
//   import {connectLive} from '../shared/live.js';   // from a page under webroot/
//   const live = connectLive();                      // token from localStorage 'helpdesk.token'
//   const stop = live.subscribe('tickets', frame => { ... });   // frame: {type:'event', id, topic, kind, data}
//   live.subscribe('ticket:TKT-017', frame => { ... });          // also {type:'presence', ticket, users}
//   live.presence('TKT-017', 'typing');               // staff only; 'viewing' | 'typing' | 'left'
//   live.onStatus(state => { ... });                  // 'connecting' | 'live' | 'offline' | 'unauthorized'
//
//   import {sharedLive} from '../shared/live.js';
//   const live = sharedLive();                        // one connection per token for the whole page
//
// Topics and refs are spelled as the server does ('ticket:tkt-17' → 'ticket:TKT-017'), so
// events and presence reach a handler whatever spelling it subscribed with. The server sends
// a ticket's event once to a socket following both 'tickets' and 'ticket:REF' (with the
// ticket's topic); this client gives it to the 'tickets' handlers too.
//
// Every handler also gets {type:'resync'} when the server could not replay all that was
// missed: reload from the REST API then. The client reconnects with exponential back-off
// and jitter, subscribes again and resumes after the last event id it saw, so nothing
// is missed and nothing comes twice. A close with 1012 (service restart) or 1001 (going
// away) reconnects at once instead: the instance is stopping and another one is ready.

const TOKEN_KEY = 'helpdesk.token';
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const SILENCE_MS = 60000; // the server sends a heartbeat every 25 s
const UNAUTHORIZED = 4401;
// The server is stopping (a rolling restart): reconnect at once, through the balancer to
// another instance, and resume. A little jitter keeps thousands of pages from arriving together.
const SERVICE_RESTART = 1012;
const GOING_AWAY = 1001;
const RESTART_JITTER_MS = 250;

export function connectLive(options = {}) {
  return new LiveConnection(options);
}

const shared = new Map(); // token → LiveConnection

/**
 * The page's connection for this token (default: the agent app's), opened on first use
 * and kept while the page lives, so that every view of a single-page app shares one
 * socket. A connection for another token (a new sign-in) closes the previous ones.
 */
export function sharedLive({token} = {}) {
  const key = token || localStorage.getItem(TOKEN_KEY) || '';
  let live = shared.get(key);
  if (!live || live.closed) {
    for (const [other, connection] of shared) {
      connection.close();
      shared.delete(other);
    }
    live = connectLive({token: key || null});
    shared.set(key, live);
  }
  return live;
}

const TICKET_TOPIC = /^ticket:(?:TKT-)?0*(\d{1,15})$/i;
const TICKET_REF = /^(?:TKT-)?0*(\d{1,15})$/i;

/** 'TKT-017' for 'tkt-17', '17' or 'TKT-017'; null when it is no ticket ref. */
export function canonicalRef(ref) {
  const m = TICKET_REF.exec(String(ref ?? '').trim());
  if (!m || Number(m[1]) <= 0) return null;
  return 'TKT-' + m[1].padStart(3, '0');
}

/** A topic as the server spells it; unknown topics are kept as they are. */
export function canonicalTopic(topic) {
  const m = TICKET_TOPIC.exec(String(topic ?? '').trim());
  return m && Number(m[1]) > 0 ? 'ticket:TKT-' + m[1].padStart(3, '0') : topic;
}

class LiveConnection {
  constructor({token, url} = {}) {
    this.token = token || localStorage.getItem(TOKEN_KEY);
    this.url = url || liveUrl();
    this.handlers = new Map();      // topic -> Set(handler)
    this.presenceStates = new Map(); // ticket ref -> state
    this.statusHandlers = new Set();
    this.lastEventId = null;
    this.attempt = 0;
    this.ws = null;
    this.closed = false;
    this.status = 'connecting';
    this.silenceTimer = null;
    this.retryTimer = null;
    this.open();
  }

  /** Calls handler(frame) for every frame of the topic; returns a function that stops it. */
  subscribe(topic, handler) {
    topic = canonicalTopic(topic);
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      this.send({type: 'subscribe', topic});
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(topic) === set) {
        this.handlers.delete(topic);
        this.send({type: 'unsubscribe', topic});
      }
    };
  }

  /** Announces (staff) viewing or typing on a ticket; 'left' ends it. Kept across reconnects. */
  presence(ticket, state) {
    ticket = canonicalRef(ticket) || ticket;
    if (this.presenceStates.get(ticket) === state) return;
    if (state === 'left') this.presenceStates.delete(ticket);
    else this.presenceStates.set(ticket, state);
    this.send({type: 'presence', ticket, state});
  }

  onStatus(handler) {
    this.statusHandlers.add(handler);
    handler(this.status);
    return () => this.statusHandlers.delete(handler);
  }

  close() {
    this.closed = true;
    clearTimeout(this.silenceTimer);
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'bye');
    this.setStatus('offline');
  }

  // ---- internals

  open() {
    if (this.closed) return;
    if (!this.token) {
      this.setStatus('unauthorized');
      return;
    }
    this.setStatus('connecting');
    const ws = new WebSocket(this.url + '?access_token=' + encodeURIComponent(this.token));
    this.ws = ws;
    ws.addEventListener('message', (e) => {
      if (ws === this.ws) this.receive(e.data); // not from a socket given up on
    });
    ws.addEventListener('close', (e) => this.lost(ws, e.code));
    this.watchSilence();
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    this.watchSilence();
    switch (frame.type) {
      case 'hello':
        this.attempt = 0;
        if (this.lastEventId === null) this.lastEventId = frame.lastEventId;
        this.status = 'live'; // so that send() goes through; listeners are told below
        for (const topic of this.handlers.keys()) this.send({type: 'subscribe', topic});
        this.send({type: 'resume', after: this.lastEventId});
        for (const [ticket, state] of this.presenceStates) this.send({type: 'presence', ticket, state});
        for (const handler of this.statusHandlers) handler('live');
        break;
      case 'event':
        if (typeof frame.id === 'number') {
          if (this.lastEventId !== null && frame.id <= this.lastEventId) return; // already seen
          this.lastEventId = frame.id;
        }
        this.emit(frame.topic, frame);
        // Followed both ways, the server sends a ticket's change once, with the ticket's topic.
        if (frame.topic !== 'tickets' && String(frame.kind || '').startsWith('ticket.') &&
            String(frame.topic || '').startsWith('ticket:')) {
          this.emit('tickets', frame);
        }
        break;
      case 'presence':
        this.emit('ticket:' + frame.ticket, frame);
        break;
      case 'resync':
        this.lastEventId = Math.max(this.lastEventId || 0, frame.lastEventId || 0);
        for (const topic of this.handlers.keys()) this.emit(topic, frame);
        break;
      case 'error':
        console.warn('live:', frame.detail);
        break;
      default:
        break; // subscribed, resumed, heartbeat, pong
    }
  }

  emit(topic, frame) {
    const set = this.handlers.get(topic);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(frame);
      } catch (err) {
        console.error('live handler failed', err);
      }
    }
  }

  send(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.status === 'live') {
      this.ws.send(JSON.stringify(frame));
    }
    // otherwise it is sent on (re)connection, from the handlers and presence kept here
  }

  lost(ws, code) {
    if (ws !== this.ws) return;
    this.ws = null;
    clearTimeout(this.silenceTimer);
    if (this.closed) return;
    if (code === UNAUTHORIZED) {
      this.setStatus('unauthorized');
      return;
    }
    if (code === SERVICE_RESTART || code === GOING_AWAY) {
      this.setStatus('connecting');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.open(), Math.random() * RESTART_JITTER_MS);
      return;
    }
    this.setStatus('offline');
    const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), ceiling / 2 + Math.random() * ceiling / 2);
  }

  /** No frame for a minute (not even a heartbeat): the connection is dead without knowing it. */
  watchSilence() {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      const ws = this.ws;
      if (!ws) return;
      // A dead network may never finish the closing handshake: reconnect now, not after it.
      ws.close(4000, 'silent');
      this.lost(ws, 4000);
    }, SILENCE_MS);
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    for (const handler of this.statusHandlers) handler(status);
  }
}

function liveUrl() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live';
}
