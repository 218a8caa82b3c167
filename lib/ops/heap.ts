import v8 from "node:v8";
import { env } from "@/lib/env";

/**
 * Keeps the server's heap near what it uses. Under API load most garbage is request state that
 * outlives a scavenge (a request is in flight ~50 ms, a young-generation GC runs every ~50 ms), so it
 * is promoted; V8 then lets the old generation grow to up to 4 × what the last full GC kept before
 * collecting it again. Measured (`npm run bench -- ingest`, README): ~75 MB live, 420 MB resident at
 * peak. Growing by 100 % (50 % gave ~210 MB, with longer tail latencies from the more frequent full
 * GCs) keeps it well under 300 MB. Not a hard cap (a large export still gets the heap it needs);
 * HEAP_GROWING_PERCENT=0 gives V8's default back.
 * The flag is read at every full GC, so setting it once the process is up is enough.
 */
export function tuneHeap(percent = env().HEAP_GROWING_PERCENT): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
