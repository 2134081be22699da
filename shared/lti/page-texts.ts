import type { Locale } from "./claims.js";
import type { AuthorizationRefusal } from "./authorization.js";
import type { DeepLinkRefusal } from "./deep-linking.js";
import type { LaunchRefusal } from "./login-initiation.js";

/** Every word of the launch pages, in the portal's three languages. Short: young pupils read them too. */
type Texts = {
  opening: string;
  noScript: string;
  continue: string;
  refusedTitle: string;
  backHome: string;
  reference: string;
  reasons: Record<LaunchRefusal | AuthorizationRefusal, string>;
  /** The deep-linking return: a teacher's picked content that was not added. */
  linkRefusedTitle: string;
  toolSaid: string;
  backToClass: string;
  linkReasons: Record<DeepLinkRefusal, string>;
};

export const pageTexts: Record<Locale, Texts> = {
  nl: {
    opening: "De tool wordt geopend…",
    noScript: "Gebeurt er niets? Kies dan Verder.",
    continue: "Verder",
    refusedTitle: "Deze tool kan niet openen",
    backHome: "Terug naar Leerspoor",
    reference: "Referentie voor de helpdesk",
    reasons: {
      "no-school": "Je account hoort niet bij een school. Alleen leerlingen en personeel van een school openen tools.",
      "unknown-tool": "Deze tool staat niet (meer) in Leerspoor.",
      "not-enabled": "Je school heeft deze tool niet aangezet. Vraag het aan je leerkracht of aan de ICT-coördinator.",
      "group-not-found": "Deze klas of groep bestaat niet (meer).",
      "not-in-group": "Je zit niet in deze klas of groep.",
      "no-deep-linking": "Deze tool biedt geen inhoud aan om in Leerspoor te kiezen.",
      "unknown-activity": "Deze activiteit bestaat niet (meer).",
      "no-licence":
        "Je school heeft geen licentie voor deze tool. Vraag het aan de ICT-coördinator van je school (de schoolbeheerder in Leerspoor): die kan een licentie kopen bij {provider}.",
      "seats-exhausted":
        "Alle {seats} plaatsen van de licentie van je school voor deze tool zijn in gebruik. Vraag de ICT-coördinator van je school (de schoolbeheerder in Leerspoor) om meer plaatsen bij {provider}.",
      "unknown-client": "De tool vroeg om je aan te melden, maar Leerspoor kent die tool niet.",
      "bad-redirect-uri": "De tool wilde je naar een adres sturen dat niet bij de tool hoort. Voor je veiligheid stopt Leerspoor hier.",
      "bad-request": "De vraag van de tool was niet in orde. Probeer het opnieuw vanuit Leerspoor.",
    },
    linkRefusedTitle: "De activiteiten zijn niet toegevoegd",
    toolSaid: "De tool meldt",
    backToClass: "Terug naar de klas",
    linkReasons: {
      "response-invalid": "Het antwoord van de tool was niet in orde of niet door de tool ondertekend. Er is niets toegevoegd.",
      "response-expired": "Het antwoord van de tool is verlopen. Kies de inhoud opnieuw vanuit Leerspoor.",
      "response-replayed": "Dit antwoord van de tool werd al eens verwerkt. Er is niets opnieuw toegevoegd.",
      "data-invalid": "Het antwoord hoort niet bij een keuze die je in Leerspoor begon, of die keuze is verlopen. Begin opnieuw vanuit de klas.",
      "not-signed-in": "Je bent niet (meer) aangemeld bij Leerspoor. Meld je aan en begin opnieuw vanuit de klas.",
      "other-person": "Deze keuze werd door iemand anders begonnen. Er is niets toegevoegd.",
      "items-not-accepted": "De tool stuurde inhoud die Leerspoor hier niet aanneemt (een ander soort inhoud, of meer dan gevraagd). Er is niets toegevoegd.",
      "not-enabled": "Je school heeft deze tool intussen uitgezet. Er is niets toegevoegd.",
      "group-not-found": "Deze klas of groep bestaat niet meer. Er is niets toegevoegd.",
    },
  },
  en: {
    opening: "Opening the tool…",
    noScript: "Nothing happening? Choose Continue.",
    continue: "Continue",
    refusedTitle: "This tool cannot open",
    backHome: "Back to Leerspoor",
    reference: "Reference for the helpdesk",
    reasons: {
      "no-school": "Your account does not belong to a school. Only pupils and staff of a school open tools.",
      "unknown-tool": "This tool is not (or no longer) in Leerspoor.",
      "not-enabled": "Your school has not switched this tool on. Ask your teacher or the ICT coordinator.",
      "group-not-found": "This class or group does not exist (any more).",
      "not-in-group": "You are not in this class or group.",
      "no-deep-linking": "This tool does not offer content to pick in Leerspoor.",
      "unknown-activity": "This activity does not exist (any more).",
      "no-licence":
        "Your school has no licence for this tool. Ask your school's ICT coordinator (the school admin in Leerspoor): they can buy a licence from {provider}.",
      "seats-exhausted":
        "All {seats} seats of your school's licence for this tool are in use. Ask your school's ICT coordinator (the school admin in Leerspoor) for more seats from {provider}.",
      "unknown-client": "The tool asked to sign you in, but Leerspoor does not know that tool.",
      "bad-redirect-uri": "The tool wanted to send you to an address that does not belong to it. For your safety, Leerspoor stops here.",
      "bad-request": "The tool's request was not valid. Try again from Leerspoor.",
    },
    linkRefusedTitle: "The activities were not added",
    toolSaid: "The tool says",
    backToClass: "Back to the class",
    linkReasons: {
      "response-invalid": "The tool's answer was not valid or not signed by the tool. Nothing was added.",
      "response-expired": "The tool's answer has expired. Pick the content again from Leerspoor.",
      "response-replayed": "This answer of the tool was already processed. Nothing was added again.",
      "data-invalid": "The answer does not belong to a choice you started in Leerspoor, or that choice has expired. Start again from the class.",
      "not-signed-in": "You are not signed in to Leerspoor (any more). Sign in and start again from the class.",
      "other-person": "Someone else started this choice. Nothing was added.",
      "items-not-accepted": "The tool sent content that Leerspoor does not take here (another kind of content, or more than asked). Nothing was added.",
      "not-enabled": "Your school has switched this tool off in the meantime. Nothing was added.",
      "group-not-found": "This class or group no longer exists. Nothing was added.",
    },
  },
  fr: {
    opening: "Ouverture de l’outil…",
    noScript: "Rien ne se passe ? Choisis Continuer.",
    continue: "Continuer",
    refusedTitle: "Impossible d’ouvrir cet outil",
    backHome: "Retour à Leerspoor",
    reference: "Référence pour le helpdesk",
    reasons: {
      "no-school": "Ton compte n’appartient pas à une école. Seuls les élèves et le personnel d’une école ouvrent des outils.",
      "unknown-tool": "Cet outil n’est pas (ou plus) dans Leerspoor.",
      "not-enabled": "Ton école n’a pas activé cet outil. Demande à ton enseignant ou au coordinateur TIC.",
      "group-not-found": "Cette classe ou ce groupe n’existe pas (ou plus).",
      "not-in-group": "Tu ne fais pas partie de cette classe ou de ce groupe.",
      "no-deep-linking": "Cet outil ne propose pas de contenu à choisir dans Leerspoor.",
      "unknown-activity": "Cette activité n’existe pas (ou plus).",
      "no-licence":
        "Ton école n’a pas de licence pour cet outil. Demande au coordinateur TIC de ton école (l’administrateur de l’école dans Leerspoor) : il peut acheter une licence auprès de {provider}.",
      "seats-exhausted":
        "Les {seats} places de la licence de ton école pour cet outil sont toutes utilisées. Demande au coordinateur TIC de ton école (l’administrateur de l’école dans Leerspoor) plus de places auprès de {provider}.",
      "unknown-client": "L’outil a demandé à te connecter, mais Leerspoor ne connaît pas cet outil.",
      "bad-redirect-uri": "L’outil voulait t’envoyer vers une adresse qui ne lui appartient pas. Pour ta sécurité, Leerspoor s’arrête ici.",
      "bad-request": "La demande de l’outil n’était pas valide. Réessaie depuis Leerspoor.",
    },
    linkRefusedTitle: "Les activités n’ont pas été ajoutées",
    toolSaid: "L’outil signale",
    backToClass: "Retour à la classe",
    linkReasons: {
      "response-invalid": "La réponse de l’outil n’était pas valide ou n’était pas signée par l’outil. Rien n’a été ajouté.",
      "response-expired": "La réponse de l’outil a expiré. Choisis à nouveau le contenu depuis Leerspoor.",
      "response-replayed": "Cette réponse de l’outil a déjà été traitée. Rien n’a été ajouté à nouveau.",
      "data-invalid": "La réponse ne correspond pas à un choix commencé dans Leerspoor, ou ce choix a expiré. Recommence depuis la classe.",
      "not-signed-in": "Tu n’es pas (ou plus) connecté à Leerspoor. Connecte-toi et recommence depuis la classe.",
      "other-person": "Quelqu’un d’autre a commencé ce choix. Rien n’a été ajouté.",
      "items-not-accepted": "L’outil a envoyé un contenu que Leerspoor n’accepte pas ici (un autre type de contenu, ou plus que demandé). Rien n’a été ajouté.",
      "not-enabled": "Ton école a désactivé cet outil entre-temps. Rien n’a été ajouté.",
      "group-not-found": "Cette classe ou ce groupe n’existe plus. Rien n’a été ajouté.",
    },
  },
};
