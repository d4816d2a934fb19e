/**
 * Errors below the routes — the HTTP parser's 400 and 431, a request that never finishes arriving (408), static
 * files outside their root (403) or a range past the end (416) — are answered in the one error shape over a real
 * socket, and the connection is closed; a stalled body never holds a socket past the request timeout.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectErrorShape, type TestApp, testApp } from "./api-helpers.ts";

let t: TestApp;
let port: number;

beforeAll(async () => {
  // A short request timeout so the stalled-body case is fast; the default is 30 s.
  t = await testApp({ requestTimeoutMs: 600 });
  const url = await t.app.listen({ port: 0, host: "127.0.0.1" });
  port = Number(new URL(url).port);
});
afterAll(() => t.close());

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  closed: boolean;
  ms: number;
}

/** Sends raw bytes, then waits for the server to answer and close (or for `waitMs`). */
function rawRequest(bytes: string, waitMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = connect(port, "127.0.0.1");
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${waitMs} ms; got: ${data}`));
    }, waitMs);
    socket.on("data", (d) => {
      data += d.toString("utf8");
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const [head = "", body = ""] = data.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body, closed: true, ms: performance.now() - t0 });
    });
    socket.write(bytes);
  });
}

function shape(a: RawAnswer) {
  expect(a.headers.toLowerCase()).toContain("content-type: application/json");
  return expectErrorShape(JSON.parse(a.body));
}

it("a malformed request line answers 400 in the error shape and closes", async () => {
  const a = await rawRequest("GARBAGE\r\n\r\n");
  expect(a.status).toBe(400);
  expect(shape(a).code).toBe("INVALID_REQUEST");
});

it("a 20 kB query string answers 431 in the error shape", async () => {
  const a = await rawRequest(`GET /v1/health?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  expect(a.status).toBe(431);
  expect(shape(a).code).toBe("HEADERS_TOO_LARGE");
});

it("a body that never arrives (Content-Length 100, 10 bytes sent) answers 408 and the socket is closed", async () => {
  const a = await rawRequest(
    "POST /v1/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" +
      '{"scenari',
  );
  expect(a.status).toBe(408);
  expect(shape(a).code).toBe("REQUEST_TIMEOUT");
  expect(a.closed).toBe(true);
});

it("headers that never finish answer 408 too", async () => {
  const a = await rawRequest("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
  expect(a.status).toBe(408);
  expect(shape(a).code).toBe("REQUEST_TIMEOUT");
});

it("a static path outside the root (sent as is) is a 4xx in the error shape, never a 500 and never the file", async () => {
  for (const path of ["/docs/static/../../../package.json", "/docs/static/%2e%2e/%2e%2e/%2e%2e/package.json"]) {
    const a = await rawRequest(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(a.status, `${path}: ${a.headers}`).toBeGreaterThanOrEqual(400);
    expect(a.status, path).toBeLessThan(500);
    expect(a.body).not.toContain('"name": "gfsim"');
    shape(a);
  }
});

it("a range past the end of a static file answers 416 in the error shape", async () => {
  const res = await t.app.inject({ url: "/docs/static/swagger-ui.css", headers: { range: "bytes=999999999-" } });
  expect(res.statusCode).toBe(416);
  expect(expectErrorShape(res.json()).code).toBe("RANGE_NOT_SATISFIABLE");
});

it("a valid request still answers on a fresh connection", async () => {
  const a = await rawRequest("GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  expect(a.status).toBe(200);
  expect(JSON.parse(a.body).status).toBe("ok");
});
