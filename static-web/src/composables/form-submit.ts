import { computed, nextTick, ref, type ComputedRef, type Ref } from "vue";
import { asProblem, type ApiProblem, type FieldError } from "../api/client.js";

export interface FormFields<F extends string> {
  /** The form's fields in the order it shows them; field errors of other fields are not the form's. */
  fields?: readonly F[];
  /**
   * Which field an error of the API is about, by its zod path (`body.roles.0`). By default the
   * body's top-level name (`roles`), the name of a form's input.
   */
  fieldOf?: (error: FieldError) => string | undefined;
  /** The element that takes focus for a field: its input, or a group's first choice. */
  focusId: (field: F) => string;
  /** The field's own message, in the reader's language: the API's messages are English. */
  message: (field: F) => string;
  /** What takes focus when the problem is not one field's (the error summary's wrapper, say). */
  summaryId?: string;
}

export interface FormSubmit<F extends string> {
  submitting: Ref<boolean>;
  problem: Ref<ApiProblem | null>;
  isInvalid: (field: F) => boolean;
  /** The invalid fields as the ErrorSummary lists them, the first one first. */
  summaryFields: ComputedRef<{ id: string; message: string }[]>;
  /**
   * Runs the form's call once at a time. A failure becomes `problem`, and focus moves to the
   * first invalid field (or the summary); resolves whether the call succeeded.
   */
  submit: (action: () => Promise<void>) => Promise<boolean>;
}

const topLevelName = (error: FieldError): string | undefined => (error.field.startsWith("body.") ? error.field.split(".")[1] : undefined);

/** A form's submit; without fields, for a form whose refusals are not any one field's. */
export function useFormSubmit(): FormSubmit<never>;
export function useFormSubmit<F extends string>(form: FormFields<F>): FormSubmit<F>;
export function useFormSubmit<F extends string>(form: FormFields<F> = { fields: [], focusId: String, message: String }): FormSubmit<F> {
  const submitting = ref(false);
  const problem = ref<ApiProblem | null>(null);
  const fieldOf = form.fieldOf ?? topLevelName;

  const invalid = computed(() => {
    const named = new Set((problem.value?.errors ?? []).map(fieldOf).filter((field): field is string => Boolean(field)));
    return form.fields ? form.fields.filter((field) => named.has(field)) : ([...named] as F[]);
  });
  const isInvalid = (field: F): boolean => invalid.value.includes(field);
  const summaryFields = computed(() => invalid.value.map((field) => ({ id: form.focusId(field), message: form.message(field) })));

  async function submit(action: () => Promise<void>): Promise<boolean> {
    if (submitting.value) return false;
    submitting.value = true;
    problem.value = null;
    try {
      await action();
      return true;
    } catch (error) {
      problem.value = asProblem(error);
      await nextTick();
      const first = summaryFields.value[0];
      if (first) document.getElementById(first.id)?.focus();
      else if (form.summaryId) document.getElementById(form.summaryId)?.focus();
      return false;
    } finally {
      submitting.value = false;
    }
  }

  return { submitting, problem, isInvalid, summaryFields, submit };
}
