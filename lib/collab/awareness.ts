/**
 * Rule: an awareness state (a caret beside the text) says only where a person's caret is, under
 * the name and colour the server knows for the signed-in person (house style 14). A message is
 * at most MAX_AWARENESS_MESSAGE_BYTES; each connection speaks for at most
 * MAX_AWARENESS_CLIENTS Yjs clients and never for a client another person's connection holds;
 * a state keeps `cursor` (two Yjs relative positions) and the server's `user`, nothing else; and
 * messages beyond the per-connection and per-person rates are dropped (a caret is ephemeral: the
 * editor sends its state again on the next move, and every 15 s). Numbers: ./limits.ts.
 */
import type { Connection, Document } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { z } from "zod";
import { AWARENESS_CONNECTION, AWARENESS_PERSON, MAX_AWARENESS_CLIENTS, MAX_AWARENESS_MESSAGE_BYTES } from "./limits";
import { Bucket, Buckets } from "./rate";
import { Refusal } from "./guard";

/** The y-protocols message type of an awareness update. */
const AWARENESS = 1;

const id = z.object({
  client: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  clock: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
/** A Yjs RelativePosition as JSON.stringify writes it (y-tiptap's cursor plugin sends two). */
const position = z.object({
  type: id.nullish(),
  tname: z.string().max(64).nullish(),
  item: id.nullish(),
  assoc: z.number().int().min(-1_000_000).max(1_000_000).nullish(),
});
const cursor = z.object({ anchor: position, head: position }).nullable();

type Owner = { userId: string };

export class AwarenessGuard {
  private readonly person = new Buckets(AWARENESS_PERSON);
  private readonly connections = new WeakMap<Connection, Bucket>();
  private readonly named = new WeakMap<Connection, Set<number>>();

  /**
   * beforeHandleMessage: an awareness message larger than a caret's closes the connection before
   * it is parsed; otherwise the Yjs clients it names are noted for sanitize (Hocuspocus adds a
   * scratch client of its own to the states it hands the hook, which no client sent).
   */
  checkMessage(connection: Connection, message: Uint8Array) {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== AWARENESS) return;
    if (message.byteLength > MAX_AWARENESS_MESSAGE_BYTES) throw new Refusal("awareness-too-large", 4413);
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const named = new Set<number>();
    for (let n = decoding.readVarUint(update); n > 0; n--) {
      named.add(decoding.readVarUint(update));
      decoding.readVarUint(update);
      decoding.readVarString(update);
    }
    this.named.set(connection, named);
  }

  /**
   * beforeHandleAwareness: `states` is what the message would apply (Hocuspocus re-encodes it
   * afterwards); entries are dropped or replaced in place.
   */
  sanitize(document: Document, connection: Connection, owner: Owner, user: { name: string; color: string }, states: Map<number, unknown>) {
    const named = this.named.get(connection);
    this.named.delete(connection);
    if (!named || !this.admit(connection, owner.userId)) {
      states.clear();
      return;
    }
    const held = document.getClients(connection) as Set<number>;
    for (const [clientId, state] of states) {
      if (!named.has(clientId) || (!held.has(clientId) && !this.claim(document, connection, owner, held, clientId))) {
        states.delete(clientId);
        continue;
      }
      const parsed = cursor.safeParse(state && typeof state === "object" ? ((state as { cursor?: unknown }).cursor ?? null) : null);
      states.set(clientId, parsed.success && parsed.data ? { user, cursor: parsed.data } : { user });
    }
  }

  /** Both the connection's and the person's rate admit one more message (nothing is taken otherwise). */
  private admit(connection: Connection, userId: string) {
    let bucket = this.connections.get(connection);
    if (!bucket) this.connections.set(connection, (bucket = new Bucket(AWARENESS_CONNECTION)));
    const now = Date.now();
    const mine = this.person.get(userId, now);
    if (bucket.delayFor(1, 0, now) !== 0 || mine.delayFor(1, 0, now) !== 0) return false;
    bucket.spend(1, now);
    mine.spend(1, now);
    return true;
  }

  /**
   * A Yjs client this connection does not hold yet: taken when no state of it is shown, or when
   * the connection showing it is the same person's (a reconnect before the old socket died);
   * never from another person, never beyond MAX_AWARENESS_CLIENTS.
   */
  private claim(document: Document, connection: Connection, owner: Owner, held: Set<number>, clientId: number) {
    if (held.size >= MAX_AWARENESS_CLIENTS) return false;
    if (document.awareness.getStates().has(clientId)) {
      const holder = document.getConnections().find((other) => other !== connection && document.getClients(other).has(clientId));
      if (!holder || (holder.context as Owner | undefined)?.userId !== owner.userId) return false;
      document.getClients(holder).delete(clientId);
    }
    // Hocuspocus removes the states of a connection's clients when it closes.
    held.add(clientId);
    return true;
  }
}
