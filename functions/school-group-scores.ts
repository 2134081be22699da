import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { groupScores, type GroupScores } from "../shared/lti/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";
import { readPerson, requireGroup } from "../shared/schools/index.js";

/** The scores tools sent back (AGS) for a group: per line item, each pupil's latest score, named from the school's own people. */
export default defineHttp({
  name: "school-group-scores",
  route: "school/groups/{groupId}/scores",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId } = readParams(request, z.object({ groupId: z.string().min(1).max(100) }));
    const scope = schoolScopeOf(principal);
    await requireGroup(scope, groupId);
    const lineItems = await groupScores(scope.schoolId, groupId);
    const personIds = [...new Set(lineItems.flatMap(({ scores }) => scores.map((score) => score.personId)))];
    const people = await Promise.all(personIds.map((personId) => readPerson(scope, personId)));
    const nameOf = new Map(people.flatMap((person) => (person ? [[person.id, `${person.givenName} ${person.familyName}`.trim()] as const] : [])));
    const body: GroupScores = {
      lineItems: lineItems.map(({ item, scores }) => ({
        lineItemId: item.id,
        toolId: item.toolId,
        label: item.label,
        scoreMaximum: item.scoreMaximum,
        scores: scores.map((score) => ({
          personId: score.personId,
          name: nameOf.get(score.personId) ?? null,
          ...(score.scoreGiven !== undefined ? { scoreGiven: score.scoreGiven } : {}),
          ...(score.scoreMaximum !== undefined ? { scoreMaximum: score.scoreMaximum } : {}),
          activityProgress: score.activityProgress,
          gradingProgress: score.gradingProgress,
          timestamp: score.timestamp,
          ...(score.comment ? { comment: score.comment } : {}),
        })),
      })),
    };
    return { jsonBody: body };
  },
});
