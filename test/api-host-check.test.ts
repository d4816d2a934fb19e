/**
 * DNS rebinding: without a token only loopback host names are served (a page that rebinds its own name to
 * 127.0.0.1 still sends its name as Host); `allowedHosts` (`--allowed-hosts`) adds a proxy's name; with a token
 * the token is the check and every host is served.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostName } from "../src/api/host-check.ts";
import { expectErrorShape, type TestApp, testApp } from "./api-helpers.ts";

const apps: TestApp[] = [];
let open: TestApp;
let proxied: TestApp;
let withToken: TestApp;
beforeAll(async () => {
  open = await testApp();
  proxied = await testApp({ allowedHosts: ["gfsim.internal"] });
  withToken = await testApp({ token: "t0ken" });
  apps.push(open, proxied, withToken);
});
afterAll(() => Promise.all(apps.map((a) => a.close())));

const get = (t: TestApp, host: string, url = "/v1/health", headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { host, ...headers } });

describe("Host header", () => {
  it("parses names with ports and IPv6 brackets", () => {
    expect(hostName("LocalHost:8080")).toBe("localhost");
    expect(hostName("[::1]:8080")).toBe("::1");
    expect(hostName("127.0.0.1")).toBe("127.0.0.1");
    expect(hostName("evil.example.")).toBe("evil.example");
  });

  it("without a token, loopback names are served", async () => {
    for (const host of ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "127.0.0.2", "app.localhost:3000"]) {
      const res = await get(open, host);
      expect(res.statusCode, host).toBe(200);
    }
  });

  it("without a token, any other name answers 403 FORBIDDEN naming the host, on every route", async () => {
    for (const [host, url] of [
      ["evil.example:8080", "/v1/health"],
      ["attacker.test", "/v1/runs"],
      ["192.168.1.20:8080", "/v1/scenarios"],
      ["localhost.evil.example", "/v1/schema"],
    ] as const) {
      const res = await get(open, host, url);
      expect(res.statusCode, `${host} ${url}`).toBe(403);
      const e = expectErrorShape(res.json());
      expect(e.code).toBe("FORBIDDEN");
      expect(e.issues[0]!.path).toBe("headers.host");
      expect(e.issues[0]!.message).toContain(host.replace(/:\d+$/, ""));
    }
    const post = await open.app.inject({
      method: "POST",
      url: "/v1/runs",
      headers: { host: "evil.example", "content-type": "application/json" },
      payload: { scenario: "yuhang-2b", paths: 10 },
    });
    expect(post.statusCode).toBe(403);
  });

  it("--allowed-hosts adds names; others are still refused", async () => {
    expect((await get(proxied, "gfsim.internal")).statusCode).toBe(200);
    expect((await get(proxied, "GFSIM.internal:443")).statusCode).toBe(200);
    expect((await get(proxied, "localhost")).statusCode).toBe(200);
    expect((await get(proxied, "evil.example")).statusCode).toBe(403);
  });

  it("with a token the token decides, whatever the host", async () => {
    expect((await get(withToken, "evil.example", "/v1/health", { authorization: "Bearer t0ken" })).statusCode).toBe(
      200,
    );
    expect((await get(withToken, "evil.example")).statusCode).toBe(401);
  });
});
