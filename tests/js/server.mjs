// Starts Chroma.Aspire's single-node host (Chroma.Gateway) as a child process for a test:
// free loopback port, fresh temp data directory, health-gated on /api/v2/heartbeat with a
// deadline, output captured (printed if start fails), killed and cleaned up by stop().
//
// The dll is CHROMA_GATEWAY_DLL, or artifacts/bin/Chroma.Gateway/<CHROMA_CONFIGURATION|debug>/
// under the repository root. CHROMA_TEST_SERVER_URL uses an already-running server instead
// (e.g. real Chroma, to check the tests themselves).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "..", "..");

export function gatewayDll() {
  const fromEnv = process.env.CHROMA_GATEWAY_DLL;
  if (fromEnv) return path.resolve(fromEnv);
  const configuration = (process.env.CHROMA_CONFIGURATION || "debug").toLowerCase();
  return path.join(REPO_ROOT, "artifacts", "bin", "Chroma.Gateway", configuration, "Chroma.Gateway.dll");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHeartbeat(url, child, log, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`Chroma.Gateway exited with code ${child.exitCode} before it was healthy\n${log.join("")}`);
    }
    try {
      const response = await fetch(`${url}/api/v2/heartbeat`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Chroma.Gateway did not answer /api/v2/heartbeat within ${timeoutMs} ms\n${log.join("")}`);
}

/**
 * @param {{allowReset?: boolean}} options
 * @returns {Promise<{url: string, host: string, port: number, log: string[], stop: () => Promise<void>}>}
 */
export async function startServer({ allowReset = true } = {}) {
  const external = process.env.CHROMA_TEST_SERVER_URL;
  if (external) {
    const u = new URL(external);
    return { url: external.replace(/\/$/, ""), host: u.hostname, port: Number(u.port), log: [], stop: async () => {} };
  }

  const dll = gatewayDll();
  if (!fs.existsSync(dll)) throw new Error(`${dll} not found: build the solution first or set CHROMA_GATEWAY_DLL`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chroma-js-"));
  const port = await freePort();
  const args = [dll, "--path", dataDir, "--host", "127.0.0.1", "--port", String(port)];
  if (allowReset) args.push("--allow-reset");
  const env = { ...process.env };
  delete env.ASPNETCORE_URLS;
  delete env.ASPNETCORE_HTTP_PORTS;
  const child = spawn("dotnet", args, { cwd: path.dirname(dll), env, stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  child.stdout.on("data", (d) => log.push(d.toString()));
  child.stderr.on("data", (d) => log.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHeartbeat(url, child, log, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, host: "127.0.0.1", port, log, stop };
}
