/**
 * The tenant that a repository call works in. It comes from the signed-in principal
 * (`schoolScopeOf` in shared/identity), never from a request body, so one school cannot
 * read or write another's documents.
 */
export interface SchoolScope {
  readonly schoolId: string;
}
