import { z } from "zod";

/** RFC 9457 problem details, as every error of the API is answered. */
export const ProblemDetails = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  correlationId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const problemTypeBase = "urn:leerspoor:problem:";

export type FieldError = { field: string; message: string };

/** An error that knows how it is answered over HTTP. Thrown anywhere below a handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = "HttpProblem";
  }

  static notFound(detail?: string): HttpProblem {
    return new HttpProblem(404, "not-found", "Not found", detail);
  }

  static methodNotAllowed(method: string, allowed: string[]): HttpProblem {
    return new HttpProblem(405, "method-not-allowed", "Method not allowed", `${method} is not allowed here`, undefined, {
      allow: allowed.join(", "),
    });
  }

  static validation(where: "body" | "query" | "params", error: z.ZodError): HttpProblem {
    const errors = error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].join("."),
      message: issue.message,
    }));
    const fields = errors.map((e) => e.field).join(", ");
    return new HttpProblem(400, "validation", "Invalid request", `Invalid ${fields}`, errors);
  }

  static payloadTooLarge(limitBytes: number): HttpProblem {
    return new HttpProblem(413, "payload-too-large", "Payload too large", `The body may be at most ${limitBytes} bytes`);
  }
}

export function toProblemDetails(problem: HttpProblem, correlationId: string, instance?: string): ProblemDetails {
  return {
    type: `${problemTypeBase}${problem.slug}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(instance ? { instance } : {}),
    correlationId,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

export const internalError = (): HttpProblem =>
  new HttpProblem(500, "internal", "Internal error", "Something went wrong; quote the correlation id when reporting it");
