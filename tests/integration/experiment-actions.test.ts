// The Experiments screens' server actions: the create form's variant rows (empty rows skipped,
// each error beside the row it is about, what was typed sent back), a created experiment opens its
// page, a second running experiment in one scope is refused with the reason, and only admins of
// an Advanced workspace may change experiments.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createExperimentAction,
  declareWinnerAction,
  deleteExperimentAction,
  startExperimentAction,
  stopExperimentAction,
} from "@/app/dashboard/experiments/actions";
import { db } from "@/lib/db";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { createTestWorkspace } from "../helpers/factories";
import { request, resetRequest } from "../helpers/signed-in-request";

vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));
// Outside a request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

afterEach(() => {
  resetRequest();
});

async function signedIn(opts: { plan?: "core" | "advanced"; role?: "owner" | "member" } = {}) {
  const email = `exp-${randomBytes(4).toString("hex")}@example.com`;
  const u = await db.user.create({ data: { email } });
  const { workspace } = await createTestWorkspace({
    plan: opts.plan ?? "advanced",
    ...(opts.role === "member" ? {} : { ownerUserId: u.id }),
  });
  if (opts.role === "member") {
    await db.membership.create({ data: { workspaceId: workspace.id, userId: u.id, role: "member" } });
  }
  request.user = { id: u.id, email, name: null };
  request.cookies.set("rb_workspace", workspace.id);
  const pause = await createOffer(workspace.id, {
    type: "pause",
    label: "Take a break",
    terms: { maxMonths: 3 },
  });
  const discount = await createOffer(workspace.id, {
    type: "discount",
    label: "30% off",
    terms: { percentOff: 30, durationMonths: 3 },
  });
  return { workspaceId: workspace.id, pause: pause.id, discount: discount.id };
}

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

async function redirectOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2]!;
    throw e;
  }
  throw new Error("the action did not redirect");
}

/** Holdout in row 0, row 1 left empty, the two offers in rows 2 and 3. */
const rows = (w: { pause: string; discount: string }, over: Record<string, string> = {}) => ({
  "variants.0.key": "holdout",
  "variants.0.offerId": "none",
  "variants.0.weight": "1",
  "variants.1.key": "",
  "variants.1.offerId": "",
  "variants.1.weight": "1",
  "variants.2.key": "pause",
  "variants.2.offerId": w.pause,
  "variants.2.weight": "2",
  "variants.3.key": "discount",
  "variants.3.offerId": w.discount,
  "variants.3.weight": "1",
  ...over,
});

describe("the create form", () => {
  it("skips empty rows and opens the new draft, its variants in the rows' order", async () => {
    const w = await signedIn();
    const to = await redirectOf(
      createExperimentAction(
        null,
        form({ workspaceId: w.workspaceId, name: "Pause vs discount", reasonKey: "", ...rows(w) }),
      ),
    );
    expect(to).toMatch(/^\/dashboard\/experiments\/exp_/);
    const e = await db.experiment.findUniqueOrThrow({
      where: { id: to.split("/").at(-1)! },
      select: {
        status: true,
        reasonId: true,
        variants: { orderBy: { position: "asc" }, select: { key: true, offerId: true, weight: true } },
      },
    });
    expect(e).toEqual({
      status: "draft",
      reasonId: null,
      variants: [
        { key: "holdout", offerId: null, weight: 1 },
        { key: "pause", offerId: w.pause, weight: 2 },
        { key: "discount", offerId: w.discount, weight: 1 },
      ],
    });
  });

  it("puts each error beside the row it is about, past an empty row, and sends back what was typed", async () => {
    const w = await signedIn();
    const result = await createExperimentAction(
      null,
      form({
        workspaceId: w.workspaceId,
        name: "Test",
        reasonKey: "too_expensive",
        ...rows(w, { "variants.2.key": "Pause Offer", "variants.3.weight": "0" }),
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        // The input's variants 1 and 2 are the form's rows 2 and 3 (row 1 was empty).
        "variants.2.key": "Use lowercase letters, digits, - and _",
        "variants.3.weight": "Weight must be between 1 and 100",
      },
      values: { name: "Test", reasonKey: "too_expensive", "variants.2.key": "Pause Offer" },
    });
    expect(await db.experiment.count({ where: { workspaceId: w.workspaceId } })).toBe(0);
  });

  it("asks for an offer in a row that has a key but none chosen", async () => {
    const w = await signedIn();
    const result = await createExperimentAction(
      null,
      form({
        workspaceId: w.workspaceId,
        name: "Test",
        reasonKey: "",
        ...rows(w, { "variants.1.key": "extra" }),
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { "variants.1.offerId": "Choose an offer, or No offer (holdout)" },
    });
  });

  it("refuses an unknown reason beside the scope", async () => {
    const w = await signedIn();
    const result = await createExperimentAction(
      null,
      form({ workspaceId: w.workspaceId, name: "Test", reasonKey: "no_such_reason", ...rows(w) }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { reasonKey: 'No reason "no_such_reason" in this workspace' },
    });
  });
});

describe("start, stop, winner", () => {
  async function draft(w: { workspaceId: string; pause: string; discount: string }, name: string) {
    const to = await redirectOf(
      createExperimentAction(null, form({ workspaceId: w.workspaceId, name, reasonKey: "", ...rows(w) })),
    );
    return to.split("/").at(-1)!;
  }

  it("a second experiment in the same scope cannot start while one runs; a stopped one takes a winner", async () => {
    const w = await signedIn();
    const first = await draft(w, "First");
    const second = await draft(w, "Second");
    const start = (experimentId: string) =>
      startExperimentAction(null, form({ workspaceId: w.workspaceId, experimentId }));
    expect(await start(first)).toMatchObject({ ok: true });
    const refused = await start(second);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? "" : refused.message).toContain(
      'The experiment "First" is already running for every reason',
    );

    expect(
      await stopExperimentAction(null, form({ workspaceId: w.workspaceId, experimentId: first })),
    ).toMatchObject({ ok: true });
    const none = await declareWinnerAction(
      null,
      form({ workspaceId: w.workspaceId, experimentId: first, variant: "" }),
    );
    expect(none).toMatchObject({ ok: false, fieldErrors: { variant: "Choose the winning variant" } });
    expect(
      await declareWinnerAction(
        null,
        form({ workspaceId: w.workspaceId, experimentId: first, variant: "pause" }),
      ),
    ).toMatchObject({ ok: true });
    expect(
      (await db.experiment.findUniqueOrThrow({ where: { id: first }, select: { winnerVariant: true } }))
        .winnerVariant,
    ).toBe("pause");
    expect(await start(second)).toMatchObject({ ok: true });
  });
});

describe("delete", () => {
  it("a draft is deleted and the list says so; a running experiment is refused (stopping keeps results)", async () => {
    const w = await signedIn();
    const create = (name: string) =>
      redirectOf(
        createExperimentAction(null, form({ workspaceId: w.workspaceId, name, reasonKey: "", ...rows(w) })),
      ).then((to) => to.split("/").at(-1)!);
    const draft = await create("Draft");
    expect(
      await redirectOf(
        deleteExperimentAction(null, form({ workspaceId: w.workspaceId, experimentId: draft })),
      ),
    ).toBe("/dashboard/experiments?deleted=1");
    expect(await db.experiment.count({ where: { id: draft } })).toBe(0);

    const running = await create("Running");
    await startExperimentAction(null, form({ workspaceId: w.workspaceId, experimentId: running }));
    const refused = await deleteExperimentAction(
      null,
      form({ workspaceId: w.workspaceId, experimentId: running }),
    );
    expect(refused).toMatchObject({
      ok: false,
      message: '"Running" is running: stop keeps the results; only drafts can be deleted',
    });
    expect(await db.experiment.count({ where: { id: running } })).toBe(1);
  });
});

describe("who may change experiments", () => {
  it("a member of the workspace is refused", async () => {
    const w = await signedIn({ role: "member" });
    const result = await createExperimentAction(
      null,
      form({ workspaceId: w.workspaceId, name: "Test", reasonKey: "", ...rows(w) }),
    );
    expect(result).toMatchObject({ ok: false, message: "Only admins and owners can change experiments." });
  });

  it("a Core workspace is told the plan it needs", async () => {
    const w = await signedIn({ plan: "core" });
    const result = await createExperimentAction(
      null,
      form({ workspaceId: w.workspaceId, name: "Test", reasonKey: "", ...rows(w) }),
    );
    expect(result).toMatchObject({ ok: false, message: "Offer experiments require the Advanced plan" });
  });
});
