import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

export type ScriptResult = { code: number | null; stdout: string; stderr: string };

/** Runs `tsx <script> ...args` from the repo root, as `npm run` would, and collects its output. */
export function runScript(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  return new Promise<ScriptResult>((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, script, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The operator CLI (`npm run rb -- …`). */
export const rb = (...args: string[]) => runScript("scripts/rb.ts", args);
