import type { AddressInfo, Server } from "node:net";

/** The only interface test servers bind to: nothing here is reachable from outside the machine. */
export const LOOPBACK_HOST = "127.0.0.1";

/** Listens on an ephemeral port on 127.0.0.1 and resolves with the port the OS picked. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(0, LOOPBACK_HOST, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Resolves once `check` returns a value (not undefined), re-checking whenever `notify` is called.
 * Rejects after `timeoutMs` with `explain()` in the message so a failing test says what it saw.
 */
export class Waiters {
  private readonly pending = new Set<{ tryResolve: () => boolean; reject: (error: Error) => void }>();

  wait<T>(check: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        tryResolve: () => {
          const value = check();
          if (value === undefined) return false;
          clearTimeout(timer);
          this.pending.delete(waiter);
          resolve(value);
          return true;
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          this.pending.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.reject(new Error(`Timed out after ${timeoutMs} ms: ${explain()}`)),
        timeoutMs,
      );
      this.pending.add(waiter);
      waiter.tryResolve();
    });
  }

  notify(): void {
    for (const waiter of [...this.pending]) waiter.tryResolve();
  }

  rejectAll(reason: string): void {
    for (const waiter of [...this.pending]) waiter.reject(new Error(reason));
  }
}
