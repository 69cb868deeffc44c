/**
 * Dutch texts for the explanations a bookkeeper meets most: AFAS's refusals of an entry and the
 * common connection failures. Built from the details taken out of AFAS's message, so they name the
 * same codes as the English ones. Codes without a Dutch text keep their English text.
 */

import type { AfasErrorExplanation, ExplanationCode, ExplanationDetails } from '../explain.js';

type Texts = Pick<AfasErrorExplanation, 'title' | 'explanation' | 'fix'>;

const LOGBOEK =
  'de AFAS-beheerder vindt het volledige bericht in Algemeen > Beheer > Logboek met de logreferentie';

const DUTCH: Partial<
  Record<ExplanationCode, (d: ExplanationDetails, english: AfasErrorExplanation) => Texts>
> = {
  'already-exported': (d) => ({
    title: 'Staat al in AFAS',
    explanation: `AFAS heeft factuurnummer ${d.invoiceNumber ?? ''} al voor crediteur ${d.creditor ?? ''}: dit declaratierapport is eerder geëxporteerd, vaak door een eerdere poging die een time-out kreeg nadat AFAS al had geboekt.`,
    fix: `Niets opnieuw te boeken. Bekijk de boeking onder Financieel > Grootboek > Financiële mutaties (factuurnummer ${d.invoiceNumber ?? ''}); verwijder die boeking eerst in AFAS om het declaratierapport opnieuw te exporteren.`,
  }),
  'allocation-not-assigned': (d) => ({
    title: `Code verbijzondering ${d.allocationCode ?? ''} is niet toegewezen aan rekening ${d.account ?? ''}`,
    explanation: `Het project '${d.allocationCode ?? ''}' van de uitgave wordt geboekt als code verbijzondering '${d.allocationCode ?? ''}', en in AFAS is die code alleen aan bepaalde grootboekrekeningen toegewezen, niet aan rekening ${d.account ?? ''} (de grootboekrekening van de categorie), of die toewijzing is geblokkeerd.`,
    fix: `Gebruik project '${d.allocationCode ?? ''}' alleen bij categorieën op grootboekrekeningen waaraan code verbijzondering ${d.allocationCode ?? ''} is toegewezen, of laat de AFAS-beheerder de toewijzing van ${d.allocationCode ?? ''} aan rekening ${d.account ?? ''} toevoegen of deblokkeren (Financieel > Inrichting > Verbijzondering).`,
  }),
  'allocation-required': (d) => ({
    title: `Rekening ${d.account ?? ''} vraagt een code verbijzondering`,
    explanation: `Grootboekrekening ${d.account ?? ''} vereist een code verbijzondering op as ${(d.axes ?? []).map((a) => `'${a}'`).join(' en ')}, en een uitgave op die rekening heeft geen project, waarvan de code als code verbijzondering wordt geboekt.`,
    fix: `Geef in Declaree elke uitgave waarvan de categorie op rekening ${d.account ?? ''} boekt een project met als code de code verbijzondering in AFAS. Declaree vult één as (instelling allocationAxis); vraagt de rekening er meer, laat de AFAS-beheerder de andere dan optioneel maken voor rekening ${d.account ?? ''}.`,
  }),
  'project-required': (d) => ({
    title: `Rekening ${d.account ?? ''} vraagt een project`,
    explanation: `Grootboekrekening ${d.account ?? ''} boekt door naar projecten in AFAS, dus elke regel erop vraagt een projectboeking, en een uitgave op die rekening had er geen: ze heeft geen project in Declaree, of projecten worden als code verbijzondering geboekt.`,
    fix: `Geef in Declaree elke uitgave waarvan de categorie op rekening ${d.account ?? ''} boekt een project met als code het AFAS-projectnummer, en zet projects op { bookAs: 'project', itemCode } in de exportinstellingen; of geef de categorie een rekening die niet doorboekt naar projecten.`,
  }),
  'unknown-project': (d) =>
    d.project
      ? {
          title: `Project ${d.project} is geblokkeerd in AFAS`,
          explanation: `AFAS-project ${d.project} is geblokkeerd, dus er kunnen geen kosten op geboekt worden.`,
          fix: `Laat de AFAS-beheerder project ${d.project} deblokkeren (Projecten > Project > Projecten), of geef de uitgave in Declaree een ander project.`,
        }
      : {
          title: 'Het project bestaat niet in AFAS',
          explanation: 'De projectcode van een uitgave is geen projectnummer dat AFAS kent.',
          fix: 'Zet de code van het project in Declaree op het AFAS-projectnummer (Projecten > Project > Projecten).',
        },
  'period-blocked': (d) => {
    const which = d.period === undefined ? 'de periode' : `periode ${d.period} van ${d.year}`;
    return {
      title: 'De periode van de boekdatum is geblokkeerd',
      explanation: `${d.date === undefined ? 'De boeking' : `De boekdatum ${d.date}`} valt in ${which}, die in deze administratie geblokkeerd is, dus AFAS neemt er geen boekingen in aan.`,
      fix: `Laat de AFAS-beheerder ${which} deblokkeren (Financieel > Inrichting > Boekjaren), of zet de instelling moveBlockedPeriod aan om in de eerste open periode te boeken, of kies een andere boekdatum (de instelling bookingDate).`,
    };
  },
  'missing-account': () => ({
    title: 'Een regel heeft geen rekeningnummer',
    explanation:
      'Een regel kwam zonder rekeningnummer bij AFAS aan: de medewerker heeft geen crediteurnummer in het gekozen gebruikersveld, of een btw-tarief mist de btw-grootboekrekening in code (2).',
    fix: 'Vul in Declaree de crediteurcode van de gebruiker en bij elk btw-tarief met btw zowel code (btw-code) als code (2) (btw-grootboekrekening).',
  }),
  'unknown-account': () => ({
    title: 'Een rekeningnummer bestaat niet in AFAS',
    explanation:
      'Een van de rekeningnummers bestaat niet in deze administratie: het crediteurnummer van de gebruiker, de grootboekrekening van een categorie of de btw-grootboekrekening van een btw-tarief. Het gebeurt ook als het dagboek geen inkoopboek is.',
    fix: 'Vergelijk de codes in Declaree met AFAS: crediteuren onder Financieel > Crediteuren, grootboekrekeningen onder Financieel > Grootboek > Grootboekrekeningen; de instelling journal moet een inkoopboek van deze administratie zijn.',
  }),
  'unknown-dossier-item-type': () => ({
    title: 'Het type dossieritem bestaat niet in AFAS',
    explanation:
      'De instelling dossierItemType noemt een type dossieritem (StId) dat deze AFAS-omgeving niet heeft, dus weigerde AFAS het dossieritem met de pdf van het declaratierapport. De boeking zelf staat in AFAS.',
    fix: 'Zet dossierItemType in de instellingen op een type onder Algemeen > Dossier > Beheer > Type dossieritem (een dat aan een inkoopfactuur gekoppeld mag worden) en exporteer opnieuw: de boeking wordt niet dubbel gemaakt, alleen het dossieritem en de vrije velden komen erbij.',
  }),
  'unknown-vat-code': () => ({
    title: 'Een btw-code bestaat niet in AFAS',
    explanation: 'De code van een btw-tarief is geen btw-code van deze AFAS-omgeving.',
    fix: 'Zet de code van elk btw-tarief in Declaree op een bestaande btw-code (Financieel > Inrichting > Btw > Btw-codes).',
  }),
  'vat-not-allowed': (d) =>
    d.accountRole === 'category'
      ? {
          title: `Geen btw toegestaan op rekening ${d.account ?? ''}`,
          explanation: `Grootboekrekening ${d.account ?? ''} accepteert geen btw-code, maar het is de code van een categorie in dit declaratierapport, en die uitgave heeft btw.`,
          fix: `Heeft de bon geen btw, zet dan de btw van die uitgaven op 0,00 (of verwijder het btw-tarief) in Declaree en exporteer opnieuw; ze worden dan zonder btw-code geboekt. Heeft de bon wel btw, geef de categorie dan een grootboekrekening die btw toestaat. De AFAS-beheerder ziet onder Financieel > Grootboek > Grootboekrekeningen welke rekeningen btw toestaan.`,
        }
      : d.accountRole === 'vat-ledger'
        ? {
            title: `Geen btw toegestaan op rekening ${d.account ?? ''}`,
            explanation: `Grootboekrekening ${d.account ?? ''} accepteert geen btw-code, maar het is de code (2) van een btw-tarief in dit declaratierapport: de btw-grootboekrekening waarop de btw wordt geboekt.`,
            fix: `Zet code (2) van dat btw-tarief in Declaree op de btw-grootboekrekening die bij de btw-code hoort (bijvoorbeeld "Te vorderen btw", vaak 1510 of 1520) en exporteer opnieuw. De AFAS-beheerder ziet onder Financieel > Grootboek > Grootboekrekeningen welke rekeningen btw toestaan.`,
          }
        : vatNotAllowedEitherWay(d),
  'connector-not-authorised': (d) => ({
    title: `AFAS staat ${d.connector ?? 'deze connector'} niet toe voor dit token`,
    explanation: `De App Connector achter het token bevat de UpdateConnector${d.connector === undefined ? '' : ` ${d.connector}`} niet (Financiële mutatie FiEntries, Dossier KnSubject en Financiële vrije velden FiEntriesCustom zijn alle drie nodig), of de gebruiker van het token heeft er geen rechten op.`,
    fix: 'Open in AFAS Algemeen > Beheer > App connector, open deze App Connector en voeg de drie UpdateConnectors FiEntries, KnSubject en FiEntriesCustom toe; controleer dat de gebruikersgroep van het token ze mag gebruiken.',
  }),
  'booking-layout-locked': () => ({
    title: 'Iemand boekt nu in AFAS',
    explanation:
      'De boekingslay-out van het dagboek is in gebruik bij een andere gebruiker, dus AFAS weigerde de boeking en schreef niets.',
    fix: 'Probeer het over een minuut opnieuw; lukt het dan nog niet, vraag wie in dit dagboek boekt het boekingsscherm te sluiten.',
  }),
  'profit-error': (_, english) => ({
    title: 'AFAS weigerde de gegevens',
    explanation: `AFAS meldde: ${english.afasMessage ?? '(geen bericht)'}`,
    fix: `Verbeter wat AFAS noemt; ${LOGBOEK}.`,
  }),
  unauthorised: () => ({
    title: 'AFAS accepteerde het token niet',
    explanation:
      'AFAS antwoordde 401: het token is onjuist, ingetrokken, of hoort bij een andere omgeving (productie, test en accept hebben elk hun eigen tokens).',
    fix: 'Maak een nieuw token onder Algemeen > Beheer > App connector > Gebruikerstokens en plak het; controleer het omgevingsnummer en dat de App Connector niet geblokkeerd is.',
  }),
  maintenance: () => ({
    title: 'AFAS Online is in onderhoud',
    explanation:
      'AFAS antwoordde 503: de omgeving is niet beschikbaar, meestal voor gepland onderhoud. Er is niets geschreven.',
    fix: 'Probeer het later opnieuw; afasstatus.nl toont het onderhoud.',
  }),
  network: () => ({
    title: 'AFAS is niet bereikbaar',
    explanation: 'De verbinding met AFAS kwam niet tot stand of brak af.',
    fix: 'Controleer het netwerk, een proxy en het omgevingsnummer; probeer het daarna opnieuw.',
  }),
};

/** The explanation in Dutch where a Dutch text exists; AFAS's own message and log reference stay. */
export function inDutch(explanation: AfasErrorExplanation): AfasErrorExplanation {
  const texts = DUTCH[explanation.code]?.(explanation.details, explanation);
  return texts === undefined ? explanation : { ...explanation, ...texts };
}

/** Both fixes, when the caller did not say which account it is. */
function vatNotAllowedEitherWay(d: ExplanationDetails) {
  return {
    title: `Geen btw toegestaan op rekening ${d.account ?? ''}`,
    explanation: `Grootboekrekening ${d.account ?? ''} accepteert geen btw-code, maar een regel op die rekening heeft er een. In Declaree is rekening ${d.account ?? ''} de code van een categorie (de kostenrekening van een uitgave) of de code (2) van een btw-tarief (de btw-grootboekrekening).`,
    fix: `Is ${d.account ?? ''} de code van een categorie: heeft de bon geen btw, zet dan de btw van die uitgaven op 0,00 (of verwijder het btw-tarief) in Declaree en exporteer opnieuw; ze worden dan zonder btw-code geboekt. Heeft de bon wel btw, geef de categorie dan een grootboekrekening die btw toestaat. Is ${d.account ?? ''} de code (2) van een btw-tarief: zet code (2) op de btw-grootboekrekening (bijvoorbeeld "Te vorderen btw") die bij de btw-code hoort.`,
  };
}
