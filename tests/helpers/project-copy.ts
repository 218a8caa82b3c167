// A copy of this project in a fresh temporary directory, for tests of the project's own commands
// (the test harness's exit codes, the embedded database from a private clone). The copy holds the
// working tree as git sees it (tracked and new files, nothing ignored) plus the generated Prisma
// client; node_modules is linked (a symlink) or copied as hard links (so it really sits inside).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "../..");

export type ProjectCopy = { root: string; dir: string; remove: () => void };

function workingTreeFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  // Linked or copied separately below (and never project files, even where they are symlinks git sees).
  const separate = /^(node_modules|\.next[^/]*|lib\/generated)(\/|$)/;
  return out.split("\0").filter((file) => file && !separate.test(file));
}

/**
 * Copies the project into `<mkdtemp>/project` (mkdtemp makes a 0700 directory: only its owner may
 * enter). `nodeModules`: "symlink" (fast; the packages stay where they are) or "hardlinks" (the
 * packages are inside the copy, as after a fresh `npm install` there).
 */
export function copyProject(opts: { nodeModules: "symlink" | "hardlinks"; prefix?: string }): ProjectCopy {
  const dir = mkdtempSync(path.join(tmpdir(), opts.prefix ?? "rb-copy-"));
  const root = path.join(dir, "project");
  try {
    for (const file of workingTreeFiles()) {
      const to = path.join(root, file);
      mkdirSync(path.dirname(to), { recursive: true });
      try {
        cpSync(path.join(projectRoot, file), to, { verbatimSymlinks: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // deleted but not yet staged
      }
    }
    cpSync(path.join(projectRoot, "lib", "generated"), path.join(root, "lib", "generated"), {
      recursive: true,
    });
    if (opts.nodeModules === "symlink") {
      symlinkSync(path.join(projectRoot, "node_modules"), path.join(root, "node_modules"), "dir");
    } else {
      const from = path.join(projectRoot, "node_modules");
      const to = path.join(root, "node_modules");
      try {
        execFileSync("cp", ["-al", from, to], { stdio: "ignore" });
      } catch {
        rmSync(to, { recursive: true, force: true });
        execFileSync("cp", ["-a", from, to]); // another file system: hard links cannot cross it
      }
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { root, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
