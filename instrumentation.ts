// Next.js calls register() once when a server process starts (not in the browser, not at build).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { tuneHeap } = await import("./lib/ops/heap");
    tuneHeap();
  }
}
