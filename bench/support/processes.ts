/**
 * Child processes the benchmarks measure: each server or worker runs alone in its process,
 * so its peak memory (maxRSS) belongs to that run, and the load generator never shares its
 * event loop.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const BENCH_API_KEY = "bench-api-key";
export const BENCH_SECRET = "bench-secret";

export interface Memory {
  maxRssBytes: number;
  rssBytes: number;
  /** CPU time (user + system) the process used so far; servers only. */
  cpuMs?: number;
}

/** Forks a TypeScript module with IPC; resolves with the child once it sent its first message. */
export async function forkReady<T>(module: string, args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; first: T }> {
  const child = fork(path.join(here, module), args, {
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured processes.
    execArgv: ["--import", "tsx", ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)],
    env: { ...process.env, BENCH_API_KEY, BENCH_SECRET, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const first = await new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${module} ${args[0] ?? ""} exited with ${code} before it was ready`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message as T);
    });
  });
  return { child, first };
}

/** Sends one message and waits for the child's next reply. */
export function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`));
    child.once("exit", onExit);
    child.once("message", (reply) => {
      child.off("exit", onExit);
      const error = (reply as { error?: string }).error;
      if (error) reject(new Error(error));
      else resolve(reply as T);
    });
    child.send(message as object);
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export interface BenchServer {
  port: number;
  url: string;
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

/** The real app (`app`) on a database, or the bare Express route (`bare`), in its own process. */
export async function startServer(mode: "app" | "bare", databaseUrl?: string): Promise<BenchServer> {
  const { child, first } = await forkReady<{ port: number }>("server.ts", [mode, databaseUrl ?? ""]);
  return {
    port: first.port,
    url: `http://127.0.0.1:${first.port}`,
    memory: () => ask<Memory>(child, "memory"),
    stop: () => stopChild(child),
  };
}
