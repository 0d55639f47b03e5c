import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { NEW_MESSAGE_TEMPLATE, formToBody, previewContext, splitErrors, subjectLabel } from "./templateForm";

describe("subjectLabel", () => {
  it("names the subject per channel", () => {
    expect(subjectLabel("email")).toBe("Subject");
    expect(subjectLabel("push")).toBe("Title");
    expect(subjectLabel("inapp")).toBe("Title");
    expect(subjectLabel("sms")).toBeNull();
    expect(subjectLabel("webhook")).toBeNull();
  });
});

describe("formToBody", () => {
  it("drops the subject of an SMS and trims key and name", () => {
    expect(
      formToBody({ ...NEW_MESSAGE_TEMPLATE, key: " winback ", name: " Win back ", subject: "ignored", body: "Hi {{ member.name }}" }),
    ).toEqual({ key: "winback", name: "Win back", channel: "sms", category: "marketing", subject: "", body: "Hi {{ member.name }}" });
  });
  it("keeps an email subject", () => {
    expect(formToBody({ ...NEW_MESSAGE_TEMPLATE, channel: "email", subject: "Hello", body: "x" }).subject).toBe("Hello");
  });
});

describe("splitErrors", () => {
  it("puts body and subject problems at their fields", () => {
    const error = new ApiError(400, "validation_failed", "The template cannot be saved", [
      { field: "body", message: "syntax error: unexpected end of template" },
      { field: "body", message: "line 1: access to '__class__' is not allowed" },
      { field: "subject", message: "cannot render" },
      { field: "context", message: "coupon is undefined" },
    ]);
    expect(splitErrors(error)).toEqual({
      fields: [
        { name: "body", errors: ["syntax error: unexpected end of template", "line 1: access to '__class__' is not allowed"] },
        { name: "subject", errors: ["cannot render"] },
      ],
      other: ["context: coupon is undefined"],
    });
  });
  it("ignores errors that are not from the server", () => {
    expect(splitErrors(new Error("boom"))).toEqual({ fields: [], other: [] });
  });
});

describe("previewContext", () => {
  it("passes a coupon code and points only when given", () => {
    expect(previewContext()).toEqual({});
    expect(previewContext(" ab12 ", 100)).toEqual({ coupon: { code: "AB12" }, points: { awarded: 100 } });
  });
});
