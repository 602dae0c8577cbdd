/**
 * Rule: bounded work per person on the collaboration socket (house style 14). Limits the
 * sockets per address, the document connections per person, the size of every message (a few
 * kB until the socket has authenticated, one update after), and the rate of updates and bytes
 * per connection and per person. Numbers: ./limits.ts.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Hocuspocus } from "@hocuspocus/server";
import {
  CONNECTION_BYTES,
  CONNECTION_UPDATES,
  MAX_CONNECTIONS_PER_PERSON,
  MAX_RATE_BACKLOG,
  MAX_RATE_WAIT_MS,
  MAX_SOCKETS_PER_ADDRESS,
  MAX_UNAUTHENTICATED_MESSAGE_BYTES,
  PERSON_BYTES,
  PERSON_UPDATES,
} from "./limits";
import { Bucket, Buckets } from "./rate";

/**
 * What the client is told when the server refuses (the close reason; the editor shows it).
 * No message: Hocuspocus prints the message of every error a hook throws; the server logs
 * one line of its own instead (lib/log logRefusal).
 */
export class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly code = 4400,
  ) {
    super("");
    this.name = "Refusal";
  }
}

type Limited = { updates: Bucket; bytes: Bucket };

export class SocketGuard {
  private readonly sockets = new Map<string, number>();
  private readonly personUpdates = new Buckets(PERSON_UPDATES);
  private readonly personBytes = new Buckets(PERSON_BYTES);
  private readonly connections = new WeakMap<object, Limited>();

  /** How many sockets are open now from each address (for tests and the health of the process). */
  openSockets(address: string): number {
    return this.sockets.get(address) ?? 0;
  }

  /**
   * onUpgrade: at most MAX_SOCKETS_PER_ADDRESS open sockets per remote address. Hocuspocus
   * stops the upgrade on a thrown falsy value without logging it; the socket gets a 429.
   */
  admitSocket(request: IncomingMessage, socket: Duplex) {
    // From the upgrade on, Node's HTTP server no longer listens for this socket's errors, and
    // the WebSocket library starts to only once the hooks have run: a browser that resets the
    // connection in between would reach uncaughtException. It is simply gone.
    socket.on("error", () => socket.destroy());
    const address = request.socket.remoteAddress ?? "unknown";
    const open = this.sockets.get(address) ?? 0;
    if (open >= MAX_SOCKETS_PER_ADDRESS) {
      socket.end("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      socket.destroy();
      throw null;
    }
    this.sockets.set(address, open + 1);
    socket.once("close", () => {
      const left = (this.sockets.get(address) ?? 1) - 1;
      if (left > 0) this.sockets.set(address, left);
      else this.sockets.delete(address);
    });
  }

  /** onAuthenticate, once the person is known: at most MAX_CONNECTIONS_PER_PERSON documents open. */
  admitPerson(instance: Hocuspocus, userId: string) {
    let open = 0;
    for (const document of instance.documents.values()) {
      for (const connection of document.getConnections()) if ((connection.context as { userId?: string } | undefined)?.userId === userId) open++;
    }
    if (open >= MAX_CONNECTIONS_PER_PERSON) throw new Refusal("too-many-connections", 4429);
  }

  /**
   * beforeSync, for each update: within this connection's and this person's rates, after a wait
   * of at most MAX_RATE_WAIT_MS (resolves when the update may go on), or refused at once; refused
   * too when it would wait with more than MAX_RATE_BACKLOG messages queued behind it (`backlog`).
   */
  async takeUpdate(connection: object, userId: string, bytes: number, backlog = 0): Promise<void> {
    let limited = this.connections.get(connection);
    if (!limited) this.connections.set(connection, (limited = { updates: new Bucket(CONNECTION_UPDATES), bytes: new Bucket(CONNECTION_BYTES) }));
    const now = Date.now();
    const takes: [Bucket, number][] = [
      [limited.updates, 1],
      [limited.bytes, bytes],
      [this.personUpdates.get(userId, now), 1],
      [this.personBytes.get(userId, now), bytes],
    ];
    let wait = 0;
    for (const [bucket, amount] of takes) {
      const delay = bucket.delayFor(amount, MAX_RATE_WAIT_MS, now);
      if (delay === null || (delay > 0 && backlog > MAX_RATE_BACKLOG)) throw new Refusal("rate-limited", 4429);
      wait = Math.max(wait, delay);
    }
    // Nothing is taken from any bucket unless all of them admit the update.
    for (const [bucket, amount] of takes) bucket.spend(amount, now);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** How many messages of a Hocuspocus connection wait to be handled (its queue holds the one in hand too). */
  static backlogOf(connection: object): number {
    const queue = (connection as { messageQueue?: unknown }).messageQueue;
    return Array.isArray(queue) ? Math.max(0, queue.length - 1) : 0;
  }

  /**
   * Until a socket has authenticated, no message may be larger than a few kB (Hocuspocus
   * bounds the queue of such messages by maxUnauthenticatedQueueSize, not each message).
   */
  limitUnauthenticated(instance: Hocuspocus) {
    const handleConnection = instance.handleConnection.bind(instance);
    instance.handleConnection = (...args: Parameters<typeof handleConnection>) => {
      const client = handleConnection(...args);
      const internals = client as unknown as { hasAuthenticated: boolean; terminate(event: { code: number; reason: string }): void };
      const handleMessage = client.handleMessage;
      client.handleMessage = (data: Uint8Array) => {
        if (!internals.hasAuthenticated && data.byteLength > MAX_UNAUTHENTICATED_MESSAGE_BYTES) {
          internals.terminate({ code: 1009, reason: "message-too-large" });
          return;
        }
        handleMessage(data);
      };
      return client;
    };
  }
}
