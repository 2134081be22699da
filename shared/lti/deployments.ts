/**
 * One deployment per (tool, school), with a deterministic id: the school's tenant id
 * (`school-<instellingsnummer>`). LTI 1.3 Core §3.1.3 scopes a deployment id to its client
 * id, so the same string under two tools names two deployments; and it is the number under
 * which providers sell licences (their webhooks name the instellingsnummer), so a tool maps a
 * deployment to its licences without asking. It names a school, never a person.
 */
export function deploymentIdOf(_toolId: string, schoolId: string): string {
  return schoolId;
}

/** The school of a deployment (AGS, NRPS and the token endpoint get a deployment id back from tools). */
export function schoolIdOfDeployment(deploymentId: string): string {
  return deploymentId;
}
