// An endpoint that accepts connections, reads what is sent, and never answers: the worst kind of
// webhook receiver (a hung server behind a working load balancer). On 127.0.0.1 only.
import { createServer, type Socket } from "node:net";
import { LOOPBACK_HOST, listenOnLoopback } from "./loopback";

/** A request arrived (its headers were read), or the client closed a connection that carried one. */
export type BlackHoleEvent = { kind: "request" | "closed"; eventId: string; open: number };

export interface BlackHole {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** `x-retentbase-event-id` of each request, in arrival order (one per attempt). */
  eventIds: string[];
  /** Requests waiting for an answer right now, and the most that were at once. */
  open: number;
  maxOpen: number;
  close(): Promise<void>;
}

/**
 * `onEvent` runs as requests arrive and as the client gives up on them (closes the connection when
 * its attempt times out). Connections that never carry a request are not counted: undici opens a
 * spare one after it destroys a timed-out socket.
 */
export async function startBlackHole(onEvent: (e: BlackHoleEvent) => void = () => {}): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let head = "";
    let eventId: string | null = null;
    socket.on("data", (chunk: Buffer) => {
      if (eventId) return;
      head += chunk.toString("latin1");
      const match = /\r\nx-retentbase-event-id: *([^\r\n]+)/i.exec(head);
      if (!match) return;
      eventId = match[1]!;
      hole.eventIds.push(eventId);
      hole.open += 1;
      hole.maxOpen = Math.max(hole.maxOpen, hole.open);
      onEvent({ kind: "request", eventId, open: hole.open });
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      sockets.delete(socket);
      if (!eventId) return;
      hole.open -= 1;
      onEvent({ kind: "closed", eventId, open: hole.open });
    });
  });
  const port = await listenOnLoopback(server);
  const hole: BlackHole = {
    url: `http://${LOOPBACK_HOST}:${port}`,
    eventIds: [],
    open: 0,
    maxOpen: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return hole;
}
