const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Random bytes come from a pooled 4 KB draw of Web Crypto, each byte used once (as Node's own
// randomUUID does): one call per request (several ids) cost a measurable share of the API's hot path.
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** base62 text of `length` characters from a CSPRNG, without modulo bias. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const b = randomByte();
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 62 * 4: reject the biased tail
  }
  return out;
}

export type IdPrefix =
  | "ws"
  | "wk"
  | "key"
  | "cs"
  | "ce"
  | "oc"
  | "evt"
  | "we"
  | "wd"
  | "dlv"
  | "req"
  | "off"
  | "exp"
  | "rc";

/** Prefixed public ids that say what they are: ws_…, cs_…, evt_… */
export function createId(prefix: IdPrefix, length = 24): string {
  return `${prefix}_${randomBase62(length)}`;
}

/**
 * The same id, made by Postgres: for rows a statement creates without knowing how many beforehand
 * (the outbox's one delivery per matching endpoint). A SQL expression, evaluated once per row:
 * 24 base62 characters cut from the base64 of 32 bytes hashed from two random UUIDs.
 */
export function createIdSql(prefix: IdPrefix): string {
  return `'${prefix}_' || left(translate(encode(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'base64'), '+/=', ''), 24)`;
}
