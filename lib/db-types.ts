// The database's enum and JSON types for code outside lib/ (pages, components): types only, no
// client, so importing them never pulls the database into a page or the browser. `@/lib/db` itself
// is for lib/ and scripts/ (biome.json's noRestrictedImports).
export type {
  CancelSessionStatus,
  DeliveryStatus,
  Environment,
  OfferType,
  Outcome,
} from "./generated/prisma/enums";
export type { JsonValue } from "./generated/prisma/internal/prismaNamespace";
