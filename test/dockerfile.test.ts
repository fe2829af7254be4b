/**
 * No Docker engine runs where this suite runs, so the Dockerfile is checked by reading it:
 * its stages, what the final image contains and runs, as whom, and its health check. The
 * commands an operator types are in docs/operations.md ("Containers").
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/paths.ts";

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Instructions with their continuation lines joined, comments dropped, grouped by stage. */
function parseDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const lines = text.split("\n").filter((line) => !/^\s*#/.test(line));
  const joined = lines.join("\n").replace(/\\\n/g, " ");
  const instructions = joined
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [, keyword, args] = /^(\w+)\s+(.*)$/.exec(line)!;
      return { keyword: keyword!.toUpperCase(), args: args!.replace(/\s+/g, " ") };
    });
  const args: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args)!;
      stages.push({ name: name ?? String(stages.length), from: from!, instructions: [] });
    } else if (stages.length === 0) {
      args.push(instruction);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
const final = dockerfile.stages.at(-1)!;
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword);
  expect(found, `${keyword} in stage ${stage.name}`).toHaveLength(1);
  return found[0]!;
};

describe("Dockerfile", () => {
  it("builds in separate stages on Node 22 and ships only the runtime stage", () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(["build", "deps", "runtime"]);
    const image = /^NODE_IMAGE=(\S+)$/.exec(dockerfile.args.find((a) => a.keyword === "ARG")!.args)![1];
    expect(image).toMatch(/^node:22[-.]/);
    for (const stage of dockerfile.stages) expect(stage.from).toBe("${NODE_IMAGE}");
  });

  it("builds the admin page and the server in the build stage", () => {
    const build = dockerfile.stages.find((s) => s.name === "build")!;
    expect(all(build, "RUN")).toEqual(["npm ci --no-audit --no-fund", "npm run build"]);
  });

  it("takes production dependencies only (no tsx) into the final image, with the build and the migrations", () => {
    const deps = dockerfile.stages.find((s) => s.name === "deps")!;
    expect(one(deps, "RUN")).toMatch(/^npm ci --omit=dev --ignore-scripts /);
    const copies = all(final, "COPY");
    expect(copies).toContain("--from=deps /app/node_modules ./node_modules");
    expect(copies).toContain("--from=build /app/dist ./dist");
    // Migrations run at every start: Prisma's CLI needs its config and the migrations.
    expect(copies).toContain("package.json prisma.config.ts ./");
    expect(copies).toContain("prisma ./prisma");
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.dependencies.prisma).toBeDefined();
  });

  it("copies only paths that exist, from stages that exist", () => {
    const names = new Set(dockerfile.stages.map((s) => s.name));
    for (const stage of dockerfile.stages) {
      for (const copy of all(stage, "COPY")) {
        const parts = copy.split(" ");
        const from = parts.find((p) => p.startsWith("--from="))?.slice("--from=".length);
        const sources = parts.filter((p) => !p.startsWith("--")).slice(0, -1);
        if (from) expect(names.has(from), `COPY --from=${from}`).toBe(true);
        else for (const source of sources) if (source !== ".") expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      }
    }
  });

  it("runs as the unprivileged node user, never root", () => {
    const user = one(final, "USER");
    expect(user).toBe("node");
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // Nothing after USER switches back.
    const index = final.instructions.findIndex((i) => i.keyword === "USER");
    expect(final.instructions.slice(index + 1).map((i) => i.keyword)).not.toContain("USER");
  });

  it("checks /healthz on the server's port (or a worker's WORKER_PORT)", () => {
    const check = one(final, "HEALTHCHECK");
    expect(check).toMatch(/--start-period=\d+s/);
    const command = JSON.parse(check.slice(check.indexOf("CMD ") + 4)) as string[];
    expect(command.slice(0, 2)).toEqual(["node", "-e"]);
    expect(command[2]).toContain("/healthz");
    expect(command[2]).toContain("process.env.WORKER_PORT || process.env.PORT || 3000");
  });

  it("starts what `npm start` starts (migrations, HTTP, dispatcher), without npm in front", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect((JSON.parse(one(final, "CMD")) as string[]).join(" ")).toBe(pkg.scripts.start);
    expect(one(final, "EXPOSE")).toBe("3000");
    const env = one(final, "ENV");
    expect(env).toContain("NODE_ENV=production");
    expect(env).toContain("PORT=3000");
  });

  it("keeps local state and secrets out of the build context", () => {
    const ignored = readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    for (const entry of ["node_modules", "dist", "var", ".env", ".git"]) expect(ignored).toContain(entry);
  });
});
