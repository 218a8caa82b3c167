// Runs in the browser before the app becomes interactive (Next's instrumentation-client convention).
import { config } from "zod";

// zod compiles object parsers with `new Function` when it may, and probes for that the first time
// a form validates in the browser: under the pages' CSP (no 'unsafe-eval', middleware.ts) the probe
// is a reported violation. Interpreted parsing gives the same results.
config({ jitless: true });
