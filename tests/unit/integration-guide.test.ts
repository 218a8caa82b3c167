import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  cancelLinkCurl,
  cancelLinkNode,
  customApiPatch,
  customApiPost,
  type GuideContext,
  resultTokenJose,
  verifyEndpointCurl,
  WEBHOOK_VERIFY_SAMPLE,
} from "@/lib/dashboard/integration-guide";
import { cancelLinkBody } from "@/lib/domain/cancel-sessions/schema";

const advanced: GuideContext = {
  apiUrl: "https://api.acme.test/",
  cancelUrl: "https://cancel.acme.test",
  workspaceKey: "wk_guide123",
  plan: "advanced",
  defaultReturnUrl: "https://app.acme.test/account",
  returnHosts: ["https://app.acme.test"],
  reasonKeys: ["too_expensive", "not_using"],
};
const core: GuideContext = { ...advanced, plan: "core", defaultReturnUrl: null, reasonKeys: ["pricing"] };

describe("the personalised integration snippets", () => {
  it("fill in the workspace's key, the real hosts, and never an API key", () => {
    const all = [
      cancelLinkCurl(advanced),
      cancelLinkNode(advanced),
      resultTokenJose(advanced),
      verifyEndpointCurl(advanced),
      customApiPost(advanced),
      customApiPatch(advanced),
    ].join("\n");
    expect(all).toContain("https://api.acme.test/api/v1/cancel-link");
    expect(all).toContain("https://api.acme.test/api/v1/cancellations/cancel_evt_8f30a7bf");
    expect(all).not.toContain("api.acme.test//");
    expect(all).toContain("https://cancel.acme.test/s/");
    expect(resultTokenJose(advanced)).toContain('audience: "wk_guide123"');
    expect(resultTokenJose(advanced)).toContain('issuer: "retentbase"');
    expect(cancelLinkCurl(advanced)).toContain("Bearer $RETENTBASE_API_KEY");
    expect(all).not.toMatch(/rb_live_/);
  });

  it("send a returnUrl only when the workspace has no default; MRR and tenure only on Advanced", () => {
    expect(cancelLinkCurl(advanced)).not.toContain("returnUrl");
    expect(cancelLinkCurl(advanced)).toContain('"tenureDays": 42');
    expect(cancelLinkCurl(core)).toContain('"returnUrl": "https://app.acme.test/account"');
    expect(cancelLinkCurl(core)).not.toContain("mrr");
    expect(cancelLinkNode(core)).toContain("context: { plan: customer.plan }");
  });

  it("the curl body is valid JSON that the API accepts", () => {
    const body = JSON.parse(cancelLinkCurl(core).split("-d '")[1]!.replace(/'$/, ""));
    expect(body).toMatchObject({
      userId: "user_456",
      environment: "sandbox",
      returnUrl: "https://app.acme.test/account",
      context: { plan: "pro" },
      locale: "de",
      customer: { country: "DE" },
    });
    expect(cancelLinkBody.safeParse(body).success).toBe(true);
  });

  it("use the workspace's own reason keys in the custom API example", () => {
    expect(customApiPost(advanced)).toContain('reasonKey: "too_expensive", // or not_using');
    expect(customApiPost(core)).toContain('reasonKey: "pricing",');
  });

  const guide = "/work/shared/spec/retentbase-api-guide.txt";
  it.skipIf(!existsSync(guide))("show the guide's webhook verification sample verbatim", () => {
    const text = readFileSync(guide, "utf8");
    const start = text.indexOf('import crypto from "node:crypto";');
    const end = text.indexOf('return new Response("ok", { status: 200 });\n}', start);
    const sample = text.slice(start, end + 'return new Response("ok", { status: 200 });\n}'.length);
    expect(WEBHOOK_VERIFY_SAMPLE).toBe(sample);
  });
});
