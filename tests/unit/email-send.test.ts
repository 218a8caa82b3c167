import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";

// The app's logger, writing to `lines` at info level (the unit project runs with LOG_LEVEL=silent).
const lines = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/logger", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/logger")>();
  return { ...actual, logger: actual.createLogger({ write: (l: string) => void lines.push(l) }, "info") };
});
const { sendEmail } = await import("@/lib/email/send");

const link = "http://localhost:3000/api/auth/callback/email?token=0ddba11c0ffee&email=a%40x.com";
const signIn = {
  to: "a@x.com",
  subject: "Your RetentBase sign-in link",
  text: `Sign in to RetentBase:\n\n${link}\n`,
  html: `<a href="${link}">Sign in</a>`,
  link,
};

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

const originalNodeEnv = process.env.NODE_ENV;
afterEach(() => {
  withEnv({ NODE_ENV: originalNodeEnv, SMTP_URL: undefined, EMAIL_LOG_LINKS: undefined });
  lines.length = 0;
});

const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("email without SMTP_URL", () => {
  it("logs a sign-in link in the message outside production, never the body", async () => {
    withEnv({ NODE_ENV: "development", SMTP_URL: undefined });
    expect(await sendEmail(signIn)).toEqual({ sent: false, linkLogged: true });
    const [entry] = logged();
    expect(entry).toMatchObject({ to: "a@x.com", subject: "Your RetentBase sign-in link" });
    expect(entry?.msg).toMatch(
      /^Your RetentBase sign-in link .*SMTP_URL is unset.*: http:\/\/localhost:3000\/api\/auth\//,
    );
    expect(entry?.msg).toContain(link);
    expect(entry).not.toHaveProperty("text");
    expect(entry).not.toHaveProperty("html");
  });

  it("keeps links out of the log in production unless EMAIL_LOG_LINKS=true", async () => {
    withEnv({ NODE_ENV: "production", SMTP_URL: undefined });
    expect(await sendEmail(signIn)).toEqual({ sent: false, linkLogged: false });
    expect(lines.join("")).not.toContain("0ddba11c0ffee");
    expect(logged()[0]).toMatchObject({ msg: "email not sent (SMTP_URL is unset)", to: "a@x.com" });

    withEnv({ EMAIL_LOG_LINKS: "true" });
    expect(await sendEmail(signIn)).toEqual({ sent: false, linkLogged: true });
    expect(logged()[1]?.msg).toContain(link);
  });

  it("keeps them out wherever EMAIL_LOG_LINKS=false, and never logs other emails' bodies", async () => {
    withEnv({ NODE_ENV: "development", EMAIL_LOG_LINKS: "false" });
    expect(await sendEmail(signIn)).toEqual({ sent: false, linkLogged: false });
    withEnv({ EMAIL_LOG_LINKS: undefined });
    const report = { to: "a@x.com", subject: "Weekly report", text: `numbers and ${link}` };
    expect(await sendEmail(report)).toEqual({ sent: false, linkLogged: false });
    expect(lines.join("")).not.toContain("0ddba11c0ffee");
    expect(logged().map((e) => e.subject)).toEqual(["Your RetentBase sign-in link", "Weekly report"]);
  });
});
