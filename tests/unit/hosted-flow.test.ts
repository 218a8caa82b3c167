// The hosted flow's pure decisions: which offer a customer sees, which step a session is on,
// what branding may reach the page, the page's CSP, and where the result token goes.
import { describe, expect, it } from "vitest";
import { readableOn } from "@/components/cancel-flow/accent";
import {
  acceptsAction,
  brandingOf,
  currentStep,
  effectiveLocale,
  type FlowAction,
  type FlowState,
  type FlowStep,
  flowState,
  type HostedPage,
  isEmailAddress,
  pageOf,
  pathShowsOffers,
  returnUrlWithToken,
  stepAllowed,
  stepPath,
  UNSPECIFIED_REASON,
} from "@/lib/domain/cancel-sessions/flow";
import {
  type CustomerContext,
  chooseOffer,
  matchesTargeting,
  type OfferCandidate,
} from "@/lib/domain/reasons-offers/choose-offer";
import { HOSTED_FLOW_HEADERS, hostedFlowCsp, newNonce } from "@/lib/routing/csp";

const unknownCustomer: CustomerContext = { plan: null, mrr: null, tenureDays: null };
const customer = (c: Partial<CustomerContext>): CustomerContext => ({ ...unknownCustomer, ...c });

let nextId = 0;
function offer(o: Partial<OfferCandidate>): OfferCandidate {
  nextId += 1;
  return {
    id: `of_${nextId}`,
    reasonId: null,
    type: "discount",
    label: `Offer ${nextId}`,
    terms: null,
    targeting: {},
    position: 0,
    ...o,
  };
}

describe("matchesTargeting", () => {
  it("matches everyone when nothing is set", () => {
    expect(matchesTargeting({}, unknownCustomer)).toBe(true);
    expect(matchesTargeting({ plans: [] }, unknownCustomer)).toBe(true);
  });

  it("plans: only the listed plans", () => {
    expect(matchesTargeting({ plans: ["pro", "team"] }, customer({ plan: "team" }))).toBe(true);
    expect(matchesTargeting({ plans: ["pro", "team"] }, customer({ plan: "starter" }))).toBe(false);
    expect(matchesTargeting({ plans: ["pro"] }, customer({ plan: "Pro" }))).toBe(false);
  });

  it("MRR bounds are inclusive", () => {
    const t = { minMrr: 50, maxMrr: 200 };
    expect(matchesTargeting(t, customer({ mrr: 50 }))).toBe(true);
    expect(matchesTargeting(t, customer({ mrr: 200 }))).toBe(true);
    expect(matchesTargeting(t, customer({ mrr: 49.99 }))).toBe(false);
    expect(matchesTargeting(t, customer({ mrr: 200.01 }))).toBe(false);
    expect(matchesTargeting({ minMrr: 0 }, customer({ mrr: 0 }))).toBe(true);
  });

  it("tenure bounds are inclusive", () => {
    const t = { minTenureDays: 30, maxTenureDays: 365 };
    expect(matchesTargeting(t, customer({ tenureDays: 30 }))).toBe(true);
    expect(matchesTargeting(t, customer({ tenureDays: 365 }))).toBe(true);
    expect(matchesTargeting(t, customer({ tenureDays: 29 }))).toBe(false);
    expect(matchesTargeting(t, customer({ tenureDays: 366 }))).toBe(false);
  });

  it("an unknown customer value never matches a condition that is set", () => {
    expect(matchesTargeting({ plans: ["pro"] }, unknownCustomer)).toBe(false);
    expect(matchesTargeting({ minMrr: 0 }, unknownCustomer)).toBe(false);
    expect(matchesTargeting({ maxMrr: 1000 }, unknownCustomer)).toBe(false);
    expect(matchesTargeting({ minTenureDays: 0 }, unknownCustomer)).toBe(false);
    expect(matchesTargeting({ maxTenureDays: 10 }, unknownCustomer)).toBe(false);
    // Known plan but unknown MRR: the MRR condition still fails.
    expect(matchesTargeting({ plans: ["pro"], maxMrr: 100 }, customer({ plan: "pro" }))).toBe(false);
  });

  it("every condition set must hold", () => {
    const t = { plans: ["pro"], minMrr: 100, maxTenureDays: 90 };
    expect(matchesTargeting(t, customer({ plan: "pro", mrr: 150, tenureDays: 10 }))).toBe(true);
    expect(matchesTargeting(t, customer({ plan: "pro", mrr: 150, tenureDays: 91 }))).toBe(false);
    expect(matchesTargeting(t, customer({ plan: "pro", mrr: 99, tenureDays: 10 }))).toBe(false);
    expect(matchesTargeting(t, customer({ plan: "team", mrr: 150, tenureDays: 10 }))).toBe(false);
  });
});

describe("chooseOffer", () => {
  const reason = "rs_expensive";

  it("no offers, or none for this reason: no offer", () => {
    expect(chooseOffer([], reason, unknownCustomer)).toBeNull();
    expect(chooseOffer([offer({ reasonId: "rs_other" })], reason, unknownCustomer)).toBeNull();
  });

  it("an offer for the reason wins over an any-reason offer, whatever their positions", () => {
    const anyReason = offer({ reasonId: null, position: 0 });
    const specific = offer({ reasonId: reason, position: 9 });
    expect(chooseOffer([anyReason, specific], reason, unknownCustomer)?.id).toBe(specific.id);
    expect(chooseOffer([specific, anyReason], reason, unknownCustomer)?.id).toBe(specific.id);
  });

  it("falls back to an any-reason offer when no reason-specific one matches", () => {
    const anyReason = offer({ reasonId: null, position: 5 });
    const specific = offer({ reasonId: reason, position: 0, targeting: { plans: ["enterprise"] } });
    expect(chooseOffer([specific, anyReason], reason, customer({ plan: "pro" }))?.id).toBe(anyReason.id);
  });

  it("within a group, the merchant's position order decides", () => {
    const third = offer({ reasonId: reason, position: 3 });
    const first = offer({ reasonId: reason, position: 1 });
    const second = offer({ reasonId: reason, position: 2 });
    expect(chooseOffer([third, first, second], reason, unknownCustomer)?.id).toBe(first.id);
    const anyLate = offer({ reasonId: null, position: 8 });
    const anyEarly = offer({ reasonId: null, position: 4 });
    expect(chooseOffer([anyLate, anyEarly], reason, unknownCustomer)?.id).toBe(anyEarly.id);
  });

  it("skips offers whose targeting does not match, to the first that does", () => {
    const bigSpenders = offer({ reasonId: reason, position: 0, targeting: { minMrr: 500 } });
    const newcomers = offer({ reasonId: reason, position: 1, targeting: { maxTenureDays: 30 } });
    const everyone = offer({ reasonId: reason, position: 2, type: "pause" });
    const offers = [everyone, newcomers, bigSpenders];
    expect(chooseOffer(offers, reason, customer({ mrr: 900, tenureDays: 400 }))?.id).toBe(bigSpenders.id);
    expect(chooseOffer(offers, reason, customer({ mrr: 10, tenureDays: 5 }))?.id).toBe(newcomers.id);
    expect(chooseOffer(offers, reason, customer({ mrr: 10, tenureDays: 400 }))?.id).toBe(everyone.id);
    // Unknown MRR and tenure: only the untargeted offer is left.
    expect(chooseOffer(offers, reason, unknownCustomer)?.id).toBe(everyone.id);
  });

  it("a targeted offer with no match and nothing else: no offer", () => {
    const proOnly = offer({ reasonId: reason, targeting: { plans: ["pro"] } });
    expect(chooseOffer([proOnly], reason, customer({ plan: "starter" }))).toBeNull();
    expect(chooseOffer([proOnly], reason, unknownCustomer)).toBeNull();
  });

  it("malformed stored targeting matches nobody, never everyone", () => {
    const cases: unknown[] = [
      { minMrr: "100" },
      { plans: "pro" },
      { minMrr: 500, maxMrr: 100 },
      { minTenureDays: 1.5 },
      { segment: "vip" },
      "everyone",
      [],
      42,
    ];
    for (const targeting of cases) {
      const broken = offer({ reasonId: reason, position: 0, targeting });
      const fallback = offer({ reasonId: null, position: 1 });
      const rich = customer({ plan: "pro", mrr: 300, tenureDays: 100 });
      expect(chooseOffer([broken], reason, rich), JSON.stringify(targeting)).toBeNull();
      expect(chooseOffer([broken, fallback], reason, rich)?.id, JSON.stringify(targeting)).toBe(fallback.id);
    }
  });

  it("null stored targeting means no conditions", () => {
    const untargeted = offer({ reasonId: reason, targeting: null });
    expect(chooseOffer([untargeted], reason, unknownCustomer)?.id).toBe(untargeted.id);
  });

  it("never chooses an offer of type none", () => {
    const none = offer({ reasonId: reason, type: "none", position: 0 });
    const pause = offer({ reasonId: null, type: "pause", position: 1 });
    expect(chooseOffer([none], reason, unknownCustomer)).toBeNull();
    expect(chooseOffer([none, pause], reason, unknownCustomer)?.id).toBe(pause.id);
  });
});

type StepState = Parameters<typeof currentStep>[0];
const session = (s: Partial<StepState>): StepState => ({
  status: "opened",
  reasonKey: null,
  offerId: null,
  offerAccepted: null,
  complianceMode: "standard",
  intent: "cancel",
  ...s,
});

describe("currentStep and stepAllowed", () => {
  const fresh = session({});
  const reasonNoOffer = session({ reasonKey: "not_using" });
  const offered = session({ reasonKey: "too_expensive", offerId: "of_1" });
  const declined = session({ reasonKey: "too_expensive", offerId: "of_1", offerAccepted: false });
  const completed = session({ status: "completed", reasonKey: "too_expensive", offerId: "of_1" });

  it("the furthest step reached", () => {
    expect(currentStep(fresh)).toBe("reason");
    expect(currentStep(session({ status: "created" }))).toBe("reason");
    expect(currentStep(reasonNoOffer)).toBe("confirm");
    expect(currentStep(offered)).toBe("offer");
    expect(currentStep(declined)).toBe("confirm");
    expect(currentStep(completed)).toBe("done");
  });

  const table: [string, StepState, Record<FlowStep, boolean>][] = [
    ["fresh", fresh, { reason: true, offer: false, confirm: false, done: false }],
    ["reason without offer", reasonNoOffer, { reason: true, offer: false, confirm: true, done: false }],
    // Confirm is only reachable once the offer has been declined.
    ["offer shown", offered, { reason: true, offer: true, confirm: false, done: false }],
    // Back from confirm to the offer still works after declining it.
    ["offer declined", declined, { reason: true, offer: true, confirm: true, done: false }],
    // A finished session only ever shows its result.
    ["completed", completed, { reason: false, offer: false, confirm: false, done: true }],
  ];
  for (const [name, state, allowed] of table) {
    it(`which pages a ${name} session may show`, () => {
      for (const step of ["reason", "offer", "confirm", "done"] as const) {
        expect(stepAllowed(state, step), step).toBe(allowed[step]);
      }
      // The step a session is on is always one it may show.
      expect(stepAllowed(state, currentStep(state))).toBe(true);
    });
  }

  it("step paths", () => {
    expect(stepPath("tok", "reason")).toBe("/s/tok");
    expect(stepPath("tok", "offer")).toBe("/s/tok/offer");
    expect(stepPath("tok", "confirm")).toBe("/s/tok/confirm");
    expect(stepPath("tok", "done")).toBe("/s/tok/done");
  });
});

describe("flowState and acceptsAction: the order of the form posts", () => {
  type Facts = Parameters<typeof flowState>[0];
  const shownAt = new Date("2026-12-01T10:00:00Z");
  const facts = (f: Partial<Facts>): Facts => ({
    status: "opened",
    reasonKey: null,
    offerId: null,
    offerAccepted: null,
    offerShownAt: null,
    complianceMode: "standard",
    intent: "cancel",
    ...f,
  });
  const actions: FlowAction["action"][] = ["reason", "accept", "decline", "confirm"];

  const table: [FlowState, Facts, FlowAction["action"][], FlowStep][] = [
    ["choosing_reason", facts({ status: "created" }), ["reason"], "reason"],
    ["choosing_reason", facts({}), ["reason"], "reason"],
    // The offer is chosen but not on screen yet: nothing about it can be answered, nor skipped.
    ["offer_pending", facts({ reasonKey: "too_expensive", offerId: "of_1" }), ["reason"], "offer"],
    [
      "offer_shown",
      facts({ reasonKey: "too_expensive", offerId: "of_1", offerShownAt: shownAt }),
      ["reason", "accept", "decline"],
      "offer",
    ],
    ["confirming", facts({ reasonKey: "not_using" }), ["reason", "confirm"], "confirm"],
    [
      "offer_declined",
      facts({ reasonKey: "too_expensive", offerId: "of_1", offerShownAt: shownAt, offerAccepted: false }),
      ["reason", "accept", "decline", "confirm"],
      "confirm",
    ],
    ["done", facts({ status: "completed", reasonKey: "not_using" }), [], "done"],
  ];
  for (const [state, f, accepted, step] of table) {
    it(`${state}: takes ${accepted.join(", ") || "nothing"}; refused posts land on ${step}`, () => {
      expect(flowState(f)).toBe(state);
      for (const action of actions) expect(acceptsAction(f, action), action).toBe(accepted.includes(action));
      expect(currentStep(f)).toBe(step);
    });
  }

  it("confirm is only ever taken once any offer has been declined", () => {
    for (const [, f] of table) {
      if (acceptsAction(f, "confirm")) expect(!f.offerId || f.offerAccepted === false).toBe(true);
      if (acceptsAction(f, "accept") || acceptsAction(f, "decline")) expect(f.offerShownAt).not.toBeNull();
    }
  });
});

describe("each compliance mode's own order (server-side)", () => {
  type Facts = Parameters<typeof flowState>[0];
  const shownAt = new Date("2026-12-01T10:00:00Z");
  const facts = (f: Partial<Facts>): Facts => ({
    status: "opened",
    reasonKey: null,
    offerId: null,
    offerAccepted: null,
    offerShownAt: null,
    complianceMode: "standard",
    intent: "cancel",
    ...f,
  });
  const actions: FlowAction["action"][] = [
    "reason",
    "accept",
    "decline",
    "cancel_now",
    "withdraw",
    "confirm",
  ];
  const steps: FlowStep[] = ["reason", "offer", "confirm", "done"];
  type Row = [string, Facts, FlowAction["action"][], FlowStep, FlowStep[], HostedPage];
  const offered = { reasonKey: "too_expensive", offerId: "of_1", offerShownAt: shownAt };
  const rows: Row[] = [
    // standard: a way to cancel on every step ("Skip and cancel", the offer's decline).
    ["standard, landing", facts({}), ["reason", "cancel_now"], "reason", ["reason"], "reason"],
    [
      "standard, offer on screen",
      facts(offered),
      ["reason", "accept", "decline", "cancel_now"],
      "offer",
      ["reason", "offer"],
      "offer",
    ],
    [
      "standard, cancelled without a reason",
      facts({ reasonKey: UNSPECIFIED_REASON }),
      ["reason", "cancel_now", "confirm"],
      "confirm",
      ["reason", "confirm"],
      "confirm",
    ],
    // click_to_cancel: "Cancel subscription" beside the reasons and beside the offer; no decline step.
    [
      "click_to_cancel, landing",
      facts({ complianceMode: "click_to_cancel" }),
      ["reason", "cancel_now"],
      "reason",
      ["reason"],
      "reason",
    ],
    [
      "click_to_cancel, offer on screen",
      facts({ complianceMode: "click_to_cancel", ...offered }),
      ["reason", "accept", "cancel_now"],
      "offer",
      ["reason", "offer"],
      "offer",
    ],
    [
      "click_to_cancel, offer declined by cancel",
      facts({ complianceMode: "click_to_cancel", ...offered, offerAccepted: false }),
      ["reason", "accept", "cancel_now", "confirm"],
      "confirm",
      ["reason", "offer", "confirm"],
      "confirm",
    ],
    // de_312k: the landing page is the confirmation page; one post, "Jetzt kündigen".
    ["de_312k, landing", facts({ complianceMode: "de_312k" }), ["confirm"], "reason", ["reason"], "confirm"],
    // fr_3_clicks: "Résilier" → recap → "Confirmer ma demande de résiliation".
    [
      "fr_3_clicks, landing",
      facts({ complianceMode: "fr_3_clicks" }),
      ["cancel_now"],
      "reason",
      ["reason"],
      "start",
    ],
    [
      "fr_3_clicks, recap",
      facts({ complianceMode: "fr_3_clicks", reasonKey: UNSPECIFIED_REASON }),
      ["cancel_now", "confirm"],
      "confirm",
      ["reason", "confirm"],
      "recap",
    ],
    // A withdrawal, whatever the mode: "Withdraw from contract" → "Confirm withdrawal".
    [
      "withdrawal (standard)",
      facts({ intent: "withdrawal" }),
      ["withdraw"],
      "reason",
      ["reason"],
      "withdraw",
    ],
    [
      "withdrawal (de_312k), confirm",
      facts({ intent: "withdrawal", complianceMode: "de_312k", reasonKey: UNSPECIFIED_REASON }),
      ["withdraw", "confirm"],
      "confirm",
      ["reason", "confirm"],
      "confirm",
    ],
    [
      "withdrawal (click_to_cancel), landing",
      facts({ intent: "withdrawal", complianceMode: "click_to_cancel" }),
      ["withdraw"],
      "reason",
      ["reason"],
      "withdraw",
    ],
    [
      "fr_3_clicks, finished",
      facts({ complianceMode: "fr_3_clicks", status: "completed", reasonKey: UNSPECIFIED_REASON }),
      [],
      "done",
      ["done"],
      "receipt",
    ],
  ];
  for (const [name, f, accepted, step, allowed, page] of rows) {
    it(`${name}: takes ${accepted.join(", ") || "nothing"}; shows ${allowed.join(", ")}; on ${step}`, () => {
      for (const action of actions) expect(acceptsAction(f, action), action).toBe(accepted.includes(action));
      expect(currentStep(f)).toBe(step);
      for (const s of steps) expect(stepAllowed(f, s), s).toBe(allowed.includes(s));
      expect(pageOf({ ...f, outcome: f.status === "completed" ? "churned" : null })).toBe(page);
    });
  }

  it("only standard and click_to_cancel may show an offer, and never for a withdrawal", () => {
    expect(pathShowsOffers({ complianceMode: "standard", intent: "cancel" })).toBe(true);
    expect(pathShowsOffers({ complianceMode: "click_to_cancel", intent: "cancel" })).toBe(true);
    expect(pathShowsOffers({ complianceMode: "de_312k", intent: "cancel" })).toBe(false);
    expect(pathShowsOffers({ complianceMode: "fr_3_clicks", intent: "cancel" })).toBe(false);
    expect(pathShowsOffers({ complianceMode: "standard", intent: "withdrawal" })).toBe(false);
  });

  it("no offer step in de_312k, fr_3_clicks or a withdrawal, even with stale offer columns", () => {
    for (const f of [
      facts({ complianceMode: "de_312k", ...offered }),
      facts({ complianceMode: "fr_3_clicks", ...offered }),
      facts({ intent: "withdrawal", ...offered }),
    ]) {
      expect(stepAllowed(f, "offer")).toBe(false);
      expect(acceptsAction(f, "accept")).toBe(false);
      expect(acceptsAction(f, "reason")).toBe(false);
    }
  });

  it("the page language: the link's, else the browser's on the first view only", () => {
    const s = (o: Partial<Parameters<typeof effectiveLocale>[0]>) => ({
      status: "created" as const,
      locale: "en",
      localeFromLink: false,
      ...o,
    });
    expect(effectiveLocale(s({}), "de-DE,de;q=0.9")).toBe("de");
    expect(effectiveLocale(s({}), "ja")).toBe("en");
    expect(effectiveLocale(s({ locale: "fr", localeFromLink: true }), "de")).toBe("fr");
    // Once opened, the language stored then holds (receipts and emails use it).
    expect(effectiveLocale(s({ status: "opened", locale: "es" }), "de")).toBe("es");
  });

  it("de_312k's email check", () => {
    for (const ok of ["kunde@example.de", "a.b+c@mail.example.co.uk"])
      expect(isEmailAddress(ok), ok).toBe(true);
    for (const bad of ["", "kunde", "kunde@", "@example.de", "kunde@example", "a b@example.de", "a@b@c.de"]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
  });
});

describe("brandingOf", () => {
  const ws = (brandLogoUrl: string | null, brandAccentColor: string | null = "#0f766e") => ({
    id: "ws_1",
    name: "Acme",
    workspaceKey: "wk_1",
    brandLogoUrl,
    brandAccentColor,
  });
  const png = "data:image/png;base64,iVBORw0KGgo=";

  it("keeps inline images and same-origin paths", () => {
    expect(brandingOf(ws(png)).logoUrl).toBe(png);
    expect(brandingOf(ws("data:image/svg+xml;base64,PHN2Zz4=")).logoUrl).toBe(
      "data:image/svg+xml;base64,PHN2Zz4=",
    );
    expect(brandingOf(ws("/brand/acme.png")).logoUrl).toBe("/brand/acme.png");
    expect(brandingOf(ws(null)).logoUrl).toBeNull();
  });

  it("drops anything that would load from another origin or run script", () => {
    for (const logo of [
      "https://cdn.example/logo.png",
      "http://localhost:9999/logo.png",
      "//cdn.example/logo.png",
      // Browsers read a backslash as a slash: these are protocol-relative, i.e. third-party.
      "/\\cdn.example/logo.png",
      "/\t/cdn.example/logo.png",
      "javascript:alert(1)",
      "data:text/html;base64,PGgxPg==",
      "data:image/png,not-base64",
      "logo.png",
      "",
    ]) {
      expect(brandingOf(ws(logo)).logoUrl, JSON.stringify(logo)).toBeNull();
    }
  });

  it("accepts only a #rrggbb accent, else the default", () => {
    expect(brandingOf(ws(null, "#0F766E")).accentColor).toBe("#0F766E");
    const fallback = brandingOf(ws(null, null)).accentColor;
    expect(fallback).toMatch(/^#[0-9a-f]{6}$/i);
    for (const bad of ["#fff", "red", "#0f766e80", "#0f766e;}body{display:none", "url(x)", "0f766e", ""]) {
      expect(brandingOf(ws(null, bad)).accentColor, bad).toBe(fallback);
    }
  });

  it("carries the workspace name", () => {
    expect(brandingOf(ws(null)).name).toBe("Acme");
  });
});

describe("hostedFlowCsp", () => {
  const directives = (csp: string) =>
    new Map(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );

  it("scripts and styles need this response's nonce; no inline, no framing, no plugins", () => {
    const nonce = newNonce();
    const csp = hostedFlowCsp(nonce);
    const d = directives(csp);
    expect(d.get("script-src")).toContain(`'nonce-${nonce}'`);
    expect(d.get("style-src")).toContain(`'nonce-${nonce}'`);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/https?:|\*/);
    // Images: ours or inline only.
    expect(d.get("img-src")).toEqual(["'self'", "data:"]);
  });

  it("development adds only what the dev server needs", () => {
    const csp = hostedFlowCsp("abc", { dev: true });
    expect(directives(csp).get("script-src")).toContain("'unsafe-eval'");
    // The dev server's injected styles carry no nonce; scripts still need one.
    expect(directives(csp).get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives(csp).get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives(csp).get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("a fresh nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("the other hosted-flow headers", () => {
    expect(HOSTED_FLOW_HEADERS["Referrer-Policy"]).toBe("no-referrer");
    expect(HOSTED_FLOW_HEADERS["X-Robots-Tag"]).toMatch(/noindex/);
  });
});

describe("readableOn", () => {
  // WCAG 2.x relative luminance and contrast ratio, written out independently of the code under test.
  const luminance = (hex: string) => {
    const ch = (i: number) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };

  it("white on dark accents, dark on light ones", () => {
    expect(readableOn("#000000")).toBe("#ffffff");
    expect(readableOn("#4f46e5")).toBe("#ffffff");
    expect(readableOn("#0f766e")).toBe("#ffffff");
    expect(readableOn("#ffffff")).toBe("#111827");
    expect(readableOn("#facc15")).toBe("#111827");
    expect(readableOn("#FDE68A")).toBe("#111827");
  });

  it("near the crossover, the dark text that passes AA rather than white that fails it", () => {
    // #818181: white 3.9:1 (fails AA), #111827 4.55:1 (passes). Same for #009600.
    expect(readableOn("#818181")).toBe("#111827");
    expect(contrast("#818181", "#111827")).toBeGreaterThanOrEqual(4.5);
    expect(readableOn("#009600")).toBe("#111827");
  });

  it("always picks the text colour with the better contrast", () => {
    const samples: string[] = [];
    for (let v = 0; v < 256; v++) {
      const h = v.toString(16).padStart(2, "0");
      samples.push(`#${h}${h}${h}`, `#${h}0000`, `#00${h}00`, `#0000${h}`, `#${h}${h}00`);
    }
    for (const bg of samples) {
      const chosen = readableOn(bg);
      const other = chosen === "#ffffff" ? "#111827" : "#ffffff";
      expect(contrast(bg, chosen), `${bg} → ${chosen}`).toBeGreaterThanOrEqual(contrast(bg, other) - 1e-9);
      // Whenever one of the two would pass WCAG AA (4.5:1), the chosen one does.
      if (Math.max(contrast(bg, chosen), contrast(bg, other)) >= 4.5) {
        expect(contrast(bg, chosen), `${bg} → ${chosen}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe("returnUrlWithToken", () => {
  it("puts the token in the fragment, keeping path and query", () => {
    expect(returnUrlWithToken("http://localhost:4000/account?tab=billing", "a.b.c")).toBe(
      "http://localhost:4000/account?tab=billing#ci_result_token=a.b.c",
    );
  });

  it("replaces an existing fragment instead of appending to it", () => {
    const url = returnUrlWithToken("http://127.0.0.1:4000/account#section-2", "x.y.z");
    expect(url).toBe("http://127.0.0.1:4000/account#ci_result_token=x.y.z");
    expect(url.split("#")).toHaveLength(2);
  });

  it("the token never lands in the path or query, which reach servers", () => {
    const url = new URL(returnUrlWithToken("http://localhost:4000/done", "h.p.s"));
    expect(url.pathname + url.search).toBe("/done");
    expect(url.hash).toBe("#ci_result_token=h.p.s");
  });
});
