import type { LtiToken } from "ltijs";

/*
 * The demo tool's page: what the tool received at launch, in the language of the launch.
 * The whole decoded launch is also embedded as JSON (`#launch`), for tests and the curious.
 */

type Locale = "nl" | "en" | "fr";

const texts = {
  nl: {
    title: "Demo rekentool",
    signedIn: "Je bent aangemeld via Leerspoor.",
    received: "Wat de tool kreeg",
    subject: "Pseudoniem (sub)",
    name: "Naam",
    email: "E-mail",
    notShared: "niet gedeeld",
    roles: "Rollen",
    context: "Klas of groep",
    noContext: "geen",
    deployment: "Deployment",
    custom: "Eigen parameters",
    classList: "Klaslijst (NRPS)",
    members: "leden",
    notAvailable: "niet beschikbaar",
    back: "Terug naar Leerspoor",
    sendScore: "Score 8/10 insturen",
    scoreSent: "Score 8/10 ingestuurd: de leerkracht ziet hem in Leerspoor.",
    scoreFailed: "De score kon niet worden ingestuurd.",
  },
  en: {
    title: "Demo arithmetic tool",
    signedIn: "You are signed in through Leerspoor.",
    received: "What the tool received",
    subject: "Pseudonym (sub)",
    name: "Name",
    email: "E-mail",
    notShared: "not shared",
    roles: "Roles",
    context: "Class or group",
    noContext: "none",
    deployment: "Deployment",
    custom: "Custom parameters",
    classList: "Class list (NRPS)",
    members: "members",
    notAvailable: "not available",
    back: "Back to Leerspoor",
    sendScore: "Send score 8/10",
    scoreSent: "Score 8/10 sent: the teacher sees it in Leerspoor.",
    scoreFailed: "The score could not be sent.",
  },
  fr: {
    title: "Outil de calcul (démo)",
    signedIn: "Tu es connecté via Leerspoor.",
    received: "Ce que l’outil a reçu",
    subject: "Pseudonyme (sub)",
    name: "Nom",
    email: "E-mail",
    notShared: "non partagé",
    roles: "Rôles",
    context: "Classe ou groupe",
    noContext: "aucun",
    deployment: "Déploiement",
    custom: "Paramètres personnalisés",
    classList: "Liste de classe (NRPS)",
    members: "membres",
    notAvailable: "non disponible",
    back: "Retour à Leerspoor",
    sendScore: "Envoyer le score 8/10",
    scoreSent: "Score 8/10 envoyé : l’enseignant le voit dans Leerspoor.",
    scoreFailed: "Le score n’a pas pu être envoyé.",
  },
} satisfies Record<Locale, Record<string, string>>;

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** `http://purl.imsglobal.org/vocab/lis/v2/membership#Learner` → `Learner (membership)`. */
const shortRole = (uri: string): string => {
  const match = /\/([a-z/]+)#(\w+)$/.exec(uri);
  return match ? `${match[2]} (${match[1]!.split("/")[0]})` : uri;
};

/** What the page embeds and tests read: the launch as ltijs decoded it. */
export function launchSummaryOf(token: LtiToken, classSize: number | null = null) {
  const context = token.platformContext;
  return {
    classSize,
    sub: token.user,
    name: token.userInfo.name ?? null,
    givenName: token.userInfo.given_name ?? null,
    familyName: token.userInfo.family_name ?? null,
    email: token.userInfo.email ?? null,
    roles: context.roles,
    context: context.context ?? null,
    resourceLink: context.resource ?? null,
    deploymentId: token.deploymentId,
    clientId: token.clientId,
    issuer: token.iss,
    messageType: context.messageType,
    targetLinkUri: context.targetLinkUri,
    custom: context.custom ?? null,
    launchPresentation: context.launchPresentation ?? null,
    platform: token.platformInfo ?? null,
  };
}

export const localeOfLaunch = (token: LtiToken): Locale =>
  (["nl", "en", "fr"] as const).find((l) => l === token.platformContext.launchPresentation?.locale) ?? "nl";

/**
 * `ltik` is ltijs' launch token: the score form sends it back so ltijs finds the launch (and
 * its AGS claim) again. Without an AGS claim the tool offers no score button. `classSize`: the
 * members of the launch's class as NRPS gave them, null when it could not be read.
 */
export function launchPage(token: LtiToken, ltik?: string, classSize: number | null = null): string {
  const summary = launchSummaryOf(token, classSize);
  const locale = localeOfLaunch(token);
  const t = texts[locale];
  const canScore = Boolean(ltik && token.platformContext.endpoint?.lineitems);
  const row = (label: string, value: string) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  const context = summary.context ? `${summary.context.title ?? summary.context.label ?? ""} (${summary.context.id})` : t.noContext;
  const returnUrl = summary.launchPresentation?.return_url;
  // JSON in a script element: `<` is escaped so the data cannot close the element.
  const embedded = JSON.stringify(summary).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:44rem;padding:0 1rem;line-height:1.5}th{text-align:left;padding-right:1rem;vertical-align:top}td{word-break:break-all}</style></head>
<body><main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.signedIn)}</p>
<h2>${escapeHtml(t.received)}</h2>
<table><tbody>
${row(t.subject, summary.sub)}
${row(t.name, summary.name ?? t.notShared)}
${row(t.email, summary.email ?? t.notShared)}
${row(t.roles, summary.roles.map(shortRole).join(", "))}
${row(t.context, context)}
${row(t.classList, summary.classSize === null ? t.notAvailable : `${summary.classSize} ${t.members}`)}
${row(t.deployment, summary.deploymentId)}
${row(t.custom, summary.custom ? Object.entries(summary.custom).map(([k, v]) => `${k}=${v}`).join(", ") : "-")}
</tbody></table>
${canScore ? `<form method="post" action="/score"><input type="hidden" name="ltik" value="${escapeHtml(ltik!)}"><button type="submit">${escapeHtml(t.sendScore)}</button></form>` : ""}
${returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">${escapeHtml(t.back)}</a></p>` : ""}
</main>
<script type="application/json" id="launch">${embedded}</script>
</body></html>
`;
}

/** After the score button: whether the score reached the platform (its AGS endpoints). */
export function scorePage(token: LtiToken, sent: boolean): string {
  const locale = localeOfLaunch(token);
  const t = texts[locale];
  const returnUrl = token.platformContext.launchPresentation?.return_url;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.title)}</title></head>
<body><main>
<h1>${escapeHtml(t.title)}</h1>
<p role="status" data-score-sent="${sent}">${escapeHtml(sent ? t.scoreSent : t.scoreFailed)}</p>
${returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">${escapeHtml(t.back)}</a></p>` : ""}
</main></body></html>
`;
}

/** The exercises a teacher can pick when Leerspoor asks for content (Deep Linking); each is scored out of its maximum. */
export const demoExercises = [
  { id: "tafels-3", scoreMaximum: 10, title: { nl: "Tafel van 3", en: "Times table of 3", fr: "Table de 3" } },
  { id: "optellen-100", scoreMaximum: 20, title: { nl: "Optellen tot 100", en: "Addition up to 100", fr: "Additions jusqu’à 100" } },
  { id: "aftrekken-20", scoreMaximum: 10, title: { nl: "Aftrekken tot 20", en: "Subtraction up to 20", fr: "Soustractions jusqu’à 20" } },
] as const;

const pickTexts = {
  nl: {
    heading: "Oefeningen kiezen",
    intro: "Kies de oefeningen die je klas in Leerspoor krijgt. Elke oefening stuurt een score terug.",
    legend: "Oefeningen",
    points: "punten",
    add: "Toevoegen aan Leerspoor",
    cancel: "Niets toevoegen",
    message: "Gekozen in de demo rekentool",
  },
  en: {
    heading: "Pick exercises",
    intro: "Pick the exercises your class gets in Leerspoor. Each exercise sends a score back.",
    legend: "Exercises",
    points: "points",
    add: "Add to Leerspoor",
    cancel: "Add nothing",
    message: "Picked in the demo arithmetic tool",
  },
  fr: {
    heading: "Choisir des exercices",
    intro: "Choisis les exercices que ta classe reçoit dans Leerspoor. Chaque exercice renvoie un score.",
    legend: "Exercices",
    points: "points",
    add: "Ajouter à Leerspoor",
    cancel: "Ne rien ajouter",
    message: "Choisi dans l’outil de calcul (démo)",
  },
} satisfies Record<Locale, Record<string, string>>;

/** The teacher's picker of a deep-linking request: checkboxes, then ltijs signs the picked items (POST /deep-link). */
export function deepLinkingPage(token: LtiToken, ltik: string): string {
  const locale = localeOfLaunch(token);
  const t = pickTexts[locale];
  const multiple = token.platformContext.deepLinkingSettings?.accept_multiple !== false;
  const choices = demoExercises
    .map(
      (exercise, index) =>
        `<li><label><input type="${multiple ? "checkbox" : "radio"}" name="exercise" value="${exercise.id}"${index === 0 ? " checked" : ""}> ` +
        `${escapeHtml(exercise.title[locale])} (${exercise.scoreMaximum} ${escapeHtml(t.points)})</label></li>`,
    )
    .join("");
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.heading)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:44rem;padding:0 1rem;line-height:1.5}ul{list-style:none;padding:0}li{margin:.5rem 0}button{font:inherit;margin-right:1rem}</style></head>
<body><main>
<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
<form method="post" action="/deep-link"><input type="hidden" name="ltik" value="${escapeHtml(ltik)}">
<fieldset><legend>${escapeHtml(t.legend)}</legend><ul>${choices}</ul></fieldset>
<p><button type="submit">${escapeHtml(t.add)}</button><button type="submit" name="cancel" value="1">${escapeHtml(t.cancel)}</button></p>
</form>
</main></body></html>
`;
}

/** The picked exercises as Deep Linking 2.0 `ltiResourceLink` items: each opens this tool with its exercise and has a line item. */
export function deepLinkingItemsOf(token: LtiToken, picked: readonly string[], toolUrl: string) {
  const locale = localeOfLaunch(token);
  return {
    message: pickTexts[locale].message,
    items: demoExercises
      .filter((exercise) => picked.includes(exercise.id))
      .map((exercise) => ({
        type: "ltiResourceLink",
        title: exercise.title[locale],
        url: `${toolUrl}/`,
        custom: { exercise: exercise.id },
        lineItem: { scoreMaximum: exercise.scoreMaximum, label: exercise.title[locale], resourceId: exercise.id, tag: "oefening" },
      })),
  };
}
