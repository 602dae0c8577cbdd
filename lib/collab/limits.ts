/**
 * The bounds of the collaboration socket: what one person may send, how fast, and how many
 * sockets they may hold. Every number here is enforced by lib/collab/server.ts (and
 * lib/collab/validate-update.ts); docs/SECURITY.md describes them.
 */

/** The largest state a real-time document may reach (agenda and note alike): 1 MB. */
export const MAX_STATE_BYTES = 1_000_000;
/** The deepest element nesting a document may have (a list in a list ... counts each level). */
export const MAX_DEPTH = 32;
/**
 * The most Yjs structs a document may hold. Loading costs time per struct, not per byte: a
 * 1 MB state of one-letter edits took about a second to load on a busy build machine, and
 * 10,000 structs about 90 ms there; at 5,000 the longest event-loop stall of a compaction was
 * 70 ms on an idle machine, at 2,500 about 55 ms. Typing merges into few structs (a paragraph
 * typed in one go is one or two), so one meeting's agenda or note stays far below 2,500.
 * Compaction and loading now do their Yjs work in a worker thread (./compact.ts), but every
 * incoming update is still checked against a copy of the document on the main thread
 * (./validate-update.ts): that is what this limit keeps short.
 */
export const MAX_STRUCTS = 2_500;
/** The largest single update a client may send: no update can be larger than the whole state. */
export const MAX_UPDATE_BYTES = MAX_STATE_BYTES;
/** The largest WebSocket message after authentication: an update and its framing. */
export const MAX_MESSAGE_BYTES = MAX_UPDATE_BYTES + 16 * 1024;
/** The largest message, and all queued messages together, before a socket has authenticated. */
export const MAX_UNAUTHENTICATED_MESSAGE_BYTES = 8 * 1024;

/** A token bucket: `burst` at once, then `perSecond` on average. */
export type Rate = { burst: number; perSecond: number };

/**
 * Updates and bytes one connection may send. The editor sends one update per keystroke (a
 * person types fewer than ten a second) and one merged update when it reconnects; the burst
 * is small because every stored update is a database write other people's requests queue behind.
 */
export const CONNECTION_UPDATES: Rate = { burst: 20, perSecond: 12 };
export const CONNECTION_BYTES: Rate = { burst: 1_500_000, perSecond: 100_000 };
/** The same, for one person over all their connections together. */
export const PERSON_UPDATES: Rate = { burst: 40, perSecond: 24 };
export const PERSON_BYTES: Rate = { burst: 2_500_000, perSecond: 150_000 };
/**
 * How long an update beyond the rates may wait for its turn instead of being refused. A server
 * that was busy for a moment reads a second or two of typing at once; those updates are slowed
 * (Hocuspocus handles one connection's messages in order, so the connection simply waits), not
 * refused, because a refused update closes the connection and the editor has to reconnect to
 * send it again. A flood runs past this backlog within moments and is refused as before.
 */
export const MAX_RATE_WAIT_MS = 2_000;
/**
 * How many of one connection's messages may be waiting behind an update that waits for its
 * turn. One connection's messages are handled in order, so a wait only ever covers one update;
 * what grows meanwhile is the queue behind it, and a queue longer than this is a flood, not
 * typing (a person's bunched second of typing is a dozen or two updates): it is refused.
 */
export const MAX_RATE_BACKLOG = 40;

/** Open document connections per person, and open sockets per remote address. */
export const MAX_CONNECTIONS_PER_PERSON = 20;
export const MAX_SOCKETS_PER_ADDRESS = 60;

/**
 * Awareness (carets): a state is a name, a colour and two Yjs positions, a few hundred bytes.
 * An editor sends one per selection change (each keystroke, each step of a drag, 60-144 a
 * second at most while dragging, seldom for long); messages beyond these rates are dropped.
 */
export const MAX_AWARENESS_MESSAGE_BYTES = 4 * 1024;
/** Yjs clients one connection may speak for (an editor has one). */
export const MAX_AWARENESS_CLIENTS = 2;
export const AWARENESS_CONNECTION: Rate = { burst: 120, perSecond: 30 };
export const AWARENESS_PERSON: Rate = { burst: 200, perSecond: 60 };
