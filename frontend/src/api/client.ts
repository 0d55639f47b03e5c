export interface FieldError {
  index?: number;
  field: string;
  message: string;
}

/** An error answered by the server as `{"error", "message", "errors"?}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  /** The whole JSON answer, for routes that say more than the message (e.g. a 409's `current`). */
  readonly body: Record<string, unknown>;

  constructor(status: number, code: string, message: string, errors: FieldError[] = [], body: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.body = body;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** Called whenever the server answers 401, so the app can send the user to sign-in. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

/** The value of a cookie, read fresh from `document.cookie` every time. */
export function readCookie(name: string, source: string = document.cookie): string | null {
  for (const part of source.split(";")) {
    const [rawKey, ...rest] = part.trim().split("=");
    if (rawKey === name) {
      return decodeURIComponent(rest.join("="));
    }
  }
  return null;
}

/** Build a query string from the defined, non-empty values of `params`. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && typeof body === "object" && "message" in body) {
    const b = body as { error?: string; message?: string; errors?: FieldError[] };
    return new ApiError(
      response.status,
      b.error ?? "error",
      b.message ?? response.statusText,
      Array.isArray(b.errors) ? b.errors : [],
      body as Record<string, unknown>,
    );
  }
  return new ApiError(
    response.status,
    "http_error",
    `The server answered ${response.status} ${response.statusText}`.trim() + ".",
  );
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not report a 401 to the unauthorized listener (used by sign-in itself). */
  quiet401?: boolean;
  /** Let the request outlive the page (saving while the tab closes); bodies up to 64 KB. */
  keepalive?: boolean;
}

/** Call the JSON API; unsafe methods carry the CSRF cookie back as `X-CSRFToken`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = (options.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (UNSAFE.has(method)) {
    const token = readCookie("csrf_token");
    if (token) {
      headers["X-CSRFToken"] = token;
    }
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      keepalive: options.keepalive,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") {
      throw cause;
    }
    throw new ApiError(0, "network_error", "The server could not be reached. Check your connection.");
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !options.quiet401 && onUnauthorized) {
      onUnauthorized();
    }
    throw error;
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: "POST", body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: "PATCH", body }),
  del: <T>(path: string) => request<T>(path, { method: "DELETE" }),
};
