import { idTokenClaims, namesRoleServiceClaim, type LaunchHint, type LtiTool } from "../../shared/lti/index.js";
import { LtiRegistration, type LtiService } from "../../shared/catalogue/index.js";

/* The launch's NRPS claim: a pure function of the registration and the launch, no read. */

const issuer = "https://leerspoor.example.test";

const toolWith = (services: LtiService[]) =>
  ({
    toolId: "tool-1",
    clientId: "tool-1",
    providerId: "provider-1",
    title: { nl: "Klaslijst" },
    registration: LtiRegistration.parse({
      type: "lti",
      loginInitiationUrl: "https://tool.example.test/login",
      redirectUris: ["https://tool.example.test/"],
      targetLinkUri: "https://tool.example.test/",
      key: { kind: "jwks-url", url: "https://tool.example.test/keys" },
      services,
    }),
    licensed: false,
  }) as LtiTool;

const hint = (withContext: boolean): LaunchHint => ({
  jti: "jti-1",
  toolId: "tool-1",
  deploymentId: "school-012345",
  schoolId: "school-012345",
  personId: "person-1",
  session: "binding",
  sub: "sub-1",
  roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
  ...(withContext ? { context: { id: "ctx/1+", label: "4C", title: "4C", type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection"] } } : {}),
  message: { type: "LtiResourceLinkRequest", resourceLink: { id: "rl-1" }, targetLinkUri: "https://tool.example.test/" },
  locale: "nl",
  documentTarget: "window",
  person: {},
});

const claimsOf = (services: LtiService[], withContext: boolean) => idTokenClaims(issuer, toolWith(services), hint(withContext), "nonce", new Date());

describe("the launch's NRPS claim", () => {
  it("names the context's memberships URL, with the deployment in its path, for a tool registered for NRPS", () => {
    expect(claimsOf(["nrps"], true)[namesRoleServiceClaim]).toEqual({
      context_memberships_url: `${issuer}/api/lti/deployments/school-012345/contexts/ctx%2F1%2B/memberships`,
      service_versions: ["2.0"],
    });
  });

  it("is absent for a tool that did not register NRPS, and for a launch without a context", () => {
    expect(claimsOf(["ags"], true)).not.toHaveProperty([namesRoleServiceClaim]);
    expect(claimsOf(["nrps"], false)).not.toHaveProperty([namesRoleServiceClaim]);
  });
});
