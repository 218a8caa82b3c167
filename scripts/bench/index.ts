// `npm run bench -- <name>`: performance measurements (never assertions in tests).
const benches: Record<string, () => Promise<void>> = {
  analytics: () => import("./analytics").then((m) => m.run()),
  experiments: () => import("./experiments").then((m) => m.run()),
  hosted: () => import("./hosted").then((m) => m.run()),
  ingest: () => import("./ingest").then((m) => m.run()),
  webhooks: () => import("./webhooks").then((m) => m.run()),
};

const benchName = process.argv[2] ?? "";
const bench = benches[benchName];
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join("|")}>`);
  process.exit(2);
}
bench().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);

export {};
