import { ApiProblem } from "../../static-web/src/api/client.js";
import { useFormSubmit } from "../../static-web/src/composables/form-submit.js";

/* The portal forms' submit: one call at a time, the API's field errors by zod path, and where focus goes after a refusal. */

const focused: string[] = [];
beforeAll(() => {
  (globalThis as { document?: unknown }).document = { getElementById: (id: string) => ({ focus: () => focused.push(id) }) };
});
afterAll(() => {
  delete (globalThis as { document?: unknown }).document;
});
beforeEach(() => {
  focused.length = 0;
});

const refusal = (...fields: string[]): ApiProblem =>
  new ApiProblem(400, "validation", "invalid", "corr-1", fields.map((field) => ({ field, message: "invalid" })));

const personForm = () =>
  useFormSubmit({
    fields: ["givenName", "familyName", "roles"] as const,
    focusId: (field) => `form-${field}`,
    message: (field) => `Fill in ${field}`,
  });

describe("useFormSubmit", () => {
  it("names the invalid fields by the body's top-level name, in the form's order, and focuses the first", async () => {
    const form = personForm();
    const succeeded = await form.submit(() => Promise.reject(refusal("body.roles.0", "body.givenName", "query.page")));
    expect(succeeded).toBe(false);
    expect(form.problem.value?.slug).toBe("validation");
    expect(form.summaryFields.value).toEqual([
      { id: "form-givenName", message: "Fill in givenName" },
      { id: "form-roles", message: "Fill in roles" },
    ]);
    expect([form.isInvalid("givenName"), form.isInvalid("familyName"), form.isInvalid("roles")]).toEqual([true, false, true]);
    expect(focused).toEqual(["form-givenName"]);
  });

  it("maps nested paths with the form's own rule and keeps the API's order without a field list", async () => {
    const form = useFormSubmit({
      fieldOf: (error) => error.field.split(".").at(-1),
      focusId: (field: string) => `sign-${field}`,
      message: (field: string) => field,
    });
    await form.submit(() => Promise.reject(refusal("body.signatory.name", "body.version", "body.signatory.name")));
    expect(form.summaryFields.value.map((field) => field.id)).toEqual(["sign-name", "sign-version"]);
  });

  it("focuses the summary when no field is to blame, and turns any failure into a problem", async () => {
    const form = useFormSubmit({ fields: ["label"], focusId: () => "label", message: () => "label", summaryId: "summary" });
    await form.submit(() => Promise.reject(new Error("offline")));
    expect(form.problem.value?.slug).toBe("unexpected");
    expect(form.summaryFields.value).toEqual([]);
    expect(focused).toEqual(["summary"]);
  });

  it("runs one call at a time and clears the last refusal when the next one succeeds", async () => {
    const form = personForm();
    await form.submit(() => Promise.reject(refusal("body.familyName")));
    let finish: () => void = () => {};
    const first = form.submit(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(form.submitting.value).toBe(true);
    expect(form.problem.value).toBeNull();
    let secondRan = false;
    expect(await form.submit(async () => void (secondRan = true))).toBe(false);
    finish();
    expect(await first).toBe(true);
    expect(secondRan).toBe(false);
    expect(form.submitting.value).toBe(false);
    expect(form.summaryFields.value).toEqual([]);
  });

  it("without fields, keeps only the problem", async () => {
    const form = useFormSubmit();
    await form.submit(() => Promise.reject(refusal("body.name")));
    expect(form.problem.value?.errors).toHaveLength(1);
    expect(form.summaryFields.value).toEqual([]);
    expect(focused).toEqual([]);
  });
});
