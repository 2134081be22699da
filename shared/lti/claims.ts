/*
 * The id_token's claims (LTI 1.3 Core §5). Claim keys are spelt out once here, byte for byte
 * (a platform once shipped one with a trailing space); everything else refers to `claim`.
 */

const lti = "https://purl.imsglobal.org/spec/lti/claim/";
const ltiDl = "https://purl.imsglobal.org/spec/lti-dl/claim/";

export const claim = {
  messageType: `${lti}message_type`,
  version: `${lti}version`,
  deploymentId: `${lti}deployment_id`,
  targetLinkUri: `${lti}target_link_uri`,
  resourceLink: `${lti}resource_link`,
  roles: `${lti}roles`,
  context: `${lti}context`,
  toolPlatform: `${lti}tool_platform`,
  launchPresentation: `${lti}launch_presentation`,
  custom: `${lti}custom`,
  deepLinkingSettings: `${ltiDl}deep_linking_settings`,
  contentItems: `${ltiDl}content_items`,
  deepLinkingData: `${ltiDl}data`,
  deepLinkingMessage: `${ltiDl}msg`,
  deepLinkingLog: `${ltiDl}log`,
  deepLinkingErrorMessage: `${ltiDl}errormsg`,
  deepLinkingErrorLog: `${ltiDl}errorlog`,
} as const;

export const ltiVersion = "1.3.0";

const lis = "http://purl.imsglobal.org/vocab/lis/v2/";

/** LIS role URIs (LTI 1.3 Core §A.2). Course (membership) roles are what most tools act on. */
export const roleUri = {
  learner: `${lis}membership#Learner`,
  instructor: `${lis}membership#Instructor`,
  courseAdministrator: `${lis}membership#Administrator`,
  student: `${lis}institution/person#Student`,
  institutionInstructor: `${lis}institution/person#Instructor`,
  institutionAdministrator: `${lis}institution/person#Administrator`,
} as const;

/** LTI 1.3 Core §5.4.1 context types. */
export const contextType = {
  courseSection: `${lis}course#CourseSection`,
  group: `${lis}course#Group`,
} as const;

export type SchoolRole = "pupil" | "teacher" | "schoolAdmin";

/**
 * The LIS roles of a launch: always one course role (LTI-PLATFORM.md: a platform that sent
 * only institution roles broke most tools), taken from the person's membership of the
 * launch's group when there is one, else from their school roles, plus institution roles.
 */
export function lisRolesOf(schoolRoles: readonly string[], membershipRole?: "pupil" | "teacher"): string[] {
  const courseRole =
    membershipRole === "pupil"
      ? roleUri.learner
      : membershipRole === "teacher"
        ? roleUri.instructor
        : schoolRoles.includes("teacher")
          ? roleUri.instructor
          : schoolRoles.includes("schoolAdmin")
            ? roleUri.courseAdministrator
            : roleUri.learner;
  const institution = [
    ...(schoolRoles.includes("pupil") ? [roleUri.student] : []),
    ...(schoolRoles.includes("teacher") ? [roleUri.institutionInstructor] : []),
    ...(schoolRoles.includes("schoolAdmin") ? [roleUri.institutionAdministrator] : []),
  ];
  return [courseRole, ...institution];
}

export type Locale = "nl" | "en" | "fr";
export const locales: readonly Locale[] = ["nl", "en", "fr"];

/** `?locale=` first, then the browser's Accept-Language, else Dutch. */
export function localeOf(requested: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (requested && (locales as readonly string[]).includes(requested)) return requested as Locale;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { language: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => (locales as readonly string[]).includes(entry.language) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.language as Locale | undefined) ?? "nl";
}
