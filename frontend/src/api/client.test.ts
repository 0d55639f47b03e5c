import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, queryString, readCookie, request, setUnauthorizedListener } from "./client";
import { fieldErrors } from "./formErrors";

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function clearCookies() {
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0]?.trim();
    if (name) {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    }
  }
}

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("csrf_token", "a=1; csrf_token=abc%3D%3D.x=y; b=2")).toBe("abc==.x=y");
    expect(readCookie("missing", "a=1")).toBeNull();
  });
});

describe("queryString", () => {
  it("leaves out empty values", () => {
    expect(queryString({ q: "li", tier: "", after: null, before: undefined, limit: 50 })).toBe("?q=li&limit=50");
    expect(queryString({})).toBe("");
  });
});

describe("request", () => {
  const fetchMock = vi.fn();

  beforeEach(() => {
    clearCookies();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthorizedListener(null);
  });

  it("sends the current csrf cookie on unsafe methods, read fresh each time", async () => {
    fetchMock.mockImplementation(() => Promise.resolve(jsonResponse(200, { ok: true })));
    document.cookie = "csrf_token=first";
    await request("/api/auth/login", { method: "POST", body: { email: "a@b.c" } });
    document.cookie = "csrf_token=second";
    await request("/api/users/1", { method: "PATCH", body: { role: "viewer" } });
    await request("/api/tokens/3", { method: "DELETE" });

    const headers = fetchMock.mock.calls.map((call) => (call[1] as RequestInit).headers as Record<string, string>);
    expect(headers[0]?.["X-CSRFToken"]).toBe("first");
    expect(headers[1]?.["X-CSRFToken"]).toBe("second");
    expect(headers[2]?.["X-CSRFToken"]).toBe("second");
    expect(headers[0]?.["Content-Type"]).toBe("application/json");
  });

  it("sends no csrf header on GET", async () => {
    document.cookie = "csrf_token=tok";
    fetchMock.mockResolvedValue(jsonResponse(200, { users: [] }));
    await request("/api/users");
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect((init.headers as Record<string, string>)["X-CSRFToken"]).toBeUndefined();
  });

  it("raises the server's error code, message and field errors", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(400, {
        error: "validation_failed",
        message: "1 invalid field(s); first: password: too short",
        errors: [{ field: "password", message: "too short" }],
      }),
    );
    const error = await request("/api/users", { method: "POST", body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe("validation_failed");
    expect(apiError.message).toBe("1 invalid field(s); first: password: too short");
    expect(fieldErrors(apiError, ["email", "password"] as const)).toEqual([{ name: "password", errors: ["too short"] }]);
  });

  it("reports a 401 to the listener unless asked to stay quiet", async () => {
    const listener = vi.fn();
    setUnauthorizedListener(listener);
    fetchMock.mockImplementation(() =>
      Promise.resolve(jsonResponse(401, { error: "unauthorized", message: "Sign in or send an API token." })),
    );
    await expect(request("/api/members")).rejects.toThrow("Sign in or send an API token.");
    expect(listener).toHaveBeenCalledTimes(1);
    await expect(request("/api/auth/login", { method: "POST", quiet401: true })).rejects.toBeInstanceOf(ApiError);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("describes a non-JSON failure by its status", async () => {
    fetchMock.mockResolvedValue(new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const error = (await request("/api/journeys").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.message).toBe("The server answered 502 Bad Gateway.");
  });
});
