import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../../api/messaging";
import {
  JsonFieldError,
  SECRET_MASK,
  configPayload,
  describeDefault,
  errorPath,
  labelOf,
  rulesFormValues,
  rulesPayload,
  savedSecrets,
  schemaFields,
  toFormValues,
} from "./schemaForm";

const SMTP: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["host", "port", "from_address"],
  properties: {
    domain: { type: "string", title: "Message-ID domain" },
    from_address: { type: "string", format: "email", minLength: 3 },
    host: { type: "string", minLength: 1, title: "SMTP host" },
    password: { type: "string", writeOnly: true },
    port: { type: "integer", minimum: 1, maximum: 65535, default: 587 },
    timeout: { type: "number", minimum: 1, maximum: 120, default: 30 },
    tls: { enum: ["none", "starttls", "ssl"], default: "starttls" },
    username: { type: "string" },
  },
};

const HTTP: JsonSchema = {
  type: "object",
  required: ["endpoint"],
  properties: {
    auth_header_value: { type: "string", writeOnly: true },
    endpoint: { type: "string", pattern: "^https?://", title: "Endpoint URL" },
    payload: { type: "object", title: "Payload mapping" },
  },
};

const RULES: JsonSchema = {
  type: "object",
  properties: {
    cap_action: { enum: ["defer", "skip"] },
    cost_per_message: { type: ["string", "null"], pattern: "^\\d{1,4}(\\.\\d{1,4})?$" },
    day_cap: { type: ["integer", "null"], minimum: 0 },
    quiet_hours: {
      anyOf: [
        { type: "null" },
        {
          type: "object",
          required: ["start", "end"],
          properties: { end: { type: "string", pattern: "^\\d\\d:\\d\\d$" }, start: { type: "string", pattern: "^\\d\\d:\\d\\d$" } },
        },
      ],
    },
  },
};

describe("schemaFields", () => {
  it("builds the SMTP form: required first, then choices, text, the secret, numbers", () => {
    const fields = schemaFields(SMTP);
    expect(fields.map((f) => f.name)).toEqual(["host", "port", "from_address", "tls", "domain", "username", "password", "timeout"]);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.host).toMatchObject({ label: "SMTP host", kind: "text", required: true, minLength: 1 });
    expect(byName.port).toMatchObject({ label: "Port", kind: "integer", min: 1, max: 65535, defaultValue: 587 });
    expect(byName.tls).toMatchObject({ label: "TLS", kind: "select", options: ["none", "starttls", "ssl"] });
    expect(byName.password).toMatchObject({ kind: "secret", required: false });
    expect(byName.from_address).toMatchObject({ format: "email", label: "From address" });
  });
  it("reads nullable types, anyOf groups and free-form objects", () => {
    const rules = Object.fromEntries(schemaFields(RULES).map((f) => [f.name, f]));
    expect(rules.day_cap).toMatchObject({ kind: "integer", nullable: true, min: 0 });
    expect(rules.cost_per_message).toMatchObject({ kind: "text", nullable: true });
    expect(rules.quiet_hours?.kind).toBe("group");
    expect(rules.quiet_hours?.nullable).toBe(true);
    expect(rules.quiet_hours?.children?.map((c) => [c.name, c.required])).toEqual([
      ["start", true],
      ["end", true],
    ]);
    expect(schemaFields(HTTP).find((f) => f.name === "payload")?.kind).toBe("json");
  });
  it("labels names as people write them", () => {
    expect(labelOf("auth_header_value")).toBe("Auth header value");
    expect(labelOf("provider_id_field")).toBe("Provider ID field");
  });
});

describe("settings values", () => {
  it("never puts a saved secret into the form, and keeps it when left empty", () => {
    const fields = schemaFields(SMTP);
    const config = { host: "smtp.example.com", port: 465, password: SECRET_MASK, tls: "ssl" };
    const form = toFormValues(fields, config);
    expect(form).toEqual({ host: "smtp.example.com", port: 465, tls: "ssl" });
    const saved = savedSecrets(fields, config);
    expect(configPayload(fields, { ...form, from_address: " shop@example.com " }, saved)).toEqual({
      host: "smtp.example.com",
      port: 465,
      tls: "ssl",
      from_address: "shop@example.com",
      password: SECRET_MASK,
    });
    expect(configPayload(fields, { ...form, password: "new-secret" }, saved).password).toBe("new-secret");
  });
  it("edits a payload mapping as JSON text", () => {
    const fields = schemaFields(HTTP);
    const form = toFormValues(fields, { endpoint: "https://sms.example.com", payload: { to: "$to" } });
    expect(form.payload).toBe('{\n  "to": "$to"\n}');
    expect(configPayload(fields, form, new Set()).payload).toEqual({ to: "$to" });
    expect(() => configPayload(fields, { ...form, payload: "{to" }, new Set())).toThrow(JsonFieldError);
    expect(() => configPayload(fields, { ...form, payload: "[1]" }, new Set())).toThrow(JsonFieldError);
  });
});

describe("rules", () => {
  const fields = schemaFields(RULES);
  const defaults = { quiet_hours: { start: "21:00", end: "09:00" }, day_cap: 1, cost_per_message: "0.04" };
  it("shows the defaults with overrides on top", () => {
    expect(rulesFormValues(fields, { day_cap: 2 }, defaults)).toEqual({
      quiet_hours: { start: "21:00", end: "09:00" },
      day_cap: 2,
      cost_per_message: "0.04",
    });
  });
  it("saves only what differs, and a cleared default as none", () => {
    const form = rulesFormValues(fields, {}, defaults);
    expect(rulesPayload(fields, form, defaults)).toEqual({});
    expect(rulesPayload(fields, { ...form, day_cap: 3, cap_action: "skip" }, defaults)).toEqual({ day_cap: 3, cap_action: "skip" });
    expect(rulesPayload(fields, { ...form, quiet_hours: { start: "", end: "" } }, defaults)).toEqual({ quiet_hours: null });
    expect(rulesPayload(fields, { ...form, quiet_hours: { start: "22:00", end: "08:00" } }, defaults)).toEqual({
      quiet_hours: { end: "08:00", start: "22:00" },
    });
  });
  it("describes defaults", () => {
    expect(describeDefault({ start: "21:00", end: "09:00" })).toBe("21:00–09:00");
    expect(describeDefault(undefined)).toBe("none");
    expect(describeDefault(1)).toBe("1");
  });
});

describe("errorPath", () => {
  it("places server problems at their field", () => {
    expect(errorPath("config.host", "'' should be non-empty")).toEqual(["config", "host"]);
    expect(errorPath("config", "'from_address' is a required property")).toEqual(["config", "from_address"]);
    expect(errorPath("rules.quiet_hours", "bad")).toEqual(["rules", "quiet_hours"]);
    expect(errorPath("enabled", "bad")).toBeNull();
  });
});
