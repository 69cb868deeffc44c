/**
 * One term per concept (issue #15): what a bookkeeper reads — the explanations and problems in
 * English and Dutch, the CLI's output, the docs for the people who run exports — names each concept
 * with the one term docs/glossary.md gives, never with a synonym. AFAS's own texts are exempt: the
 * patterns that recognise them (regular expressions) and the quotes of them in the docs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainAfasMessage } from '../src/index.js';
import { inDutch } from '../src/internal/explain-nl.js';

/** The synonyms not used, by the term that is. */
const AVOIDED: readonly { readonly term: string; readonly synonyms: RegExp }[] = [
  {
    term: 'allocation code (code verbijzondering)',
    synonyms: /cost cent(?:re|er)|kostenplaats|verbijzonderingscode/i,
  },
  { term: 'ledger account (grootboekrekening)', synonyms: /\bG\/?L\b|general[- ]ledger account/i },
  { term: 'creditor (crediteur)', synonyms: /\bsupplier|\bvendor/i },
  { term: 'dossier item (dossieritem)', synonyms: /\battachment/i },
  { term: 'free fields (vrije velden)', synonyms: /custom fields?\b/i },
  { term: 'VAT code (btw-code)', synonyms: /\b[Tt]ax code|\bBTW code/ },
  {
    // The setting that chooses it keeps its name: `bookingDate` (one word) is not matched.
    term: 'entry date (boekdatum)',
    synonyms: /\bbooking[- ](?:dates?|period)\b|\bboekings(?:datum|periode)\b|\bdatum boeking\b/i,
  },
  {
    // The record; "booking" as what one does (booking it twice) and AFAS's booking layout are fine.
    term: 'entry (financial entry, boeking)',
    synonyms:
      /\b(?:a|the|each|every|one|this|that|its|their|no|any|same)\s+booking\b(?![- ]?(?:lay-?out|screen))|'s booking\b|\bbookings\b/i,
  },
  {
    // "Dossier" alone, not in AFAS's own names (the Dossier connector, the menu Algemeen > Dossier)
    // nor in code (steps.dossier, 'dossier', plan.dossier.subject, invalid-dossier-destination).
    term: 'dossier item (dossieritem)',
    synonyms: /(?<![.>*-] ?)\bdossier\b(?![- ]?item|[-:'?.*,]| >| \(?KnSubject)/i,
  },
  {
    // Dutch prose about the report; "Declaratie R-2026-0001", the entry description AFAS shows, is data.
    term: 'declaratierapport (expense report)',
    synonyms: /\b(?:deze|de|een|die|het|elke|iedere)\s+declaratie\b/i,
  },
];

/** Glossary rows for AFAS words that are not our concepts: a bijlage is the file in a dossier item. */
const GLOSSARY_OWN_WORDS = new Set(['bijlage']);

const SRC = join(import.meta.dirname, '../src');
const DOCS = join(import.meta.dirname, '../../../docs');
/** The pages written for the people who run exports (the glossary lists the synonyms on purpose). */
const PAGES = [
  'bookkeeping-guide.md',
  'troubleshooting.md',
  'declaree-afas.md',
  'reliability.md',
  'automatic-export.md',
];
/** Pages of which one section is for them: cli.md's `declaree-afas` (the rest is afas's, for developers). */
const SECTIONS: Readonly<Record<string, string>> = { 'cli.md': '## `declaree-afas`' };

/** Modules whose texts reach a bookkeeper: everything but the demo's fixtures and the ledger's SQL. */
async function userFacingModules(): Promise<string[]> {
  const files = (await readdir(SRC, { recursive: true })) as string[];
  return files.filter((file) => file.endsWith('.ts') && !file.startsWith('demo/'));
}

/** A source line as text a user may read: not a comment, not a pattern for AFAS's own texts. */
function readableSource(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  if (trimmed.startsWith('/') || trimmed.includes('RegExp(')) return ''; // a regular expression
  // Identifiers and AFAS's ids are code, not words: KnSubjectAttachment, attachments[].
  return line.replace(/[A-Za-z]+Attachment\w*|\.attachments\b|attachments:/g, '');
}

/** A doc line without AFAS's quoted texts and code spans (connector and field ids). */
function readableDoc(line: string): string {
  return line.replace(/"[^"]*"/g, '').replace(/`[^`]*`/g, '');
}

function findSynonyms(text: string, where: string): string[] {
  return AVOIDED.flatMap(({ term, synonyms }) => {
    const found = synonyms.exec(text);
    return found ? [`${where}: "${found[0]}" (say ${term})`] : [];
  });
}

describe('one term per concept', () => {
  it('the texts of declaree-afas use the glossary terms, in English and Dutch', async () => {
    const found: string[] = [];
    for (const file of await userFacingModules()) {
      const lines = (await readFile(join(SRC, file), 'utf8')).split('\n');
      for (const [i, line] of lines.entries())
        found.push(...findSynonyms(readableSource(line), `src/${file}:${i + 1}`));
    }
    expect(found).toEqual([]);
  });

  it('the pages for the people who run exports use them too', async () => {
    const found: string[] = [];
    for (const page of [...PAGES, ...Object.keys(SECTIONS)]) {
      const lines = (await readFile(join(DOCS, page), 'utf8')).split('\n');
      const heading = SECTIONS[page];
      const start = heading === undefined ? 0 : lines.indexOf(heading);
      expect(start, `${page}: ${heading}`).toBeGreaterThanOrEqual(0);
      const end =
        heading === undefined ? lines.length : lines.findIndex((l, i) => i > start && l.startsWith('## '));
      for (const [i, line] of lines.entries()) {
        if (i < start || (end >= 0 && i >= end)) continue;
        found.push(...findSynonyms(readableDoc(line), `docs/${page}:${i + 1}`));
      }
    }
    expect(found).toEqual([]);
  });

  it("the glossary's own table uses them in its English column", async () => {
    const text = await readFile(join(DOCS, 'glossary.md'), 'utf8');
    const table =
      text
        .split('\n## ')[0]
        ?.split('\n')
        .filter((line) => line.startsWith('| ')) ?? [];
    expect(table.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const row of table.slice(2)) {
      const [dutch = '', english = ''] = row.slice(2, -2).split(' | ');
      // Asides in parentheses name other words a reader may know (general-ledger account); the
      // term itself is what is left. A row whose Dutch term is the one avoided translates it.
      const term = english.replace(/\([^)]*\)/g, '');
      for (const { synonyms, term: use } of AVOIDED) {
        if (synonyms.test(dutch) || GLOSSARY_OWN_WORDS.has(dutch)) continue;
        const match = synonyms.exec(term);
        if (match) found.push(`${dutch}: "${match[0]}" (say ${use})`);
      }
    }
    expect(found).toEqual([]);
  });

  it("AFAS's allocation texts, in English or Dutch, are explained with one term for each thing", () => {
    const texts = [
      "Voor code verbijzondering 'KP300' is geen toewijzing bij rekening '4500' of de toewijzing is geblokkeerd.",
      "There is no assignment for cost center 'KP300' with account '4500'",
      "Allocation code for axis 'Cost center' must be filled for account 4000",
    ];
    for (const text of texts) {
      for (const language of ['en', 'nl'] as const) {
        const english = explainAfasMessage(text);
        const { title, explanation, fix } = language === 'nl' ? inDutch(english) : english;
        const shown = [title, explanation, fix].join('\n').replaceAll("'Cost center'", ''); // the axis AFAS names
        expect(findSynonyms(shown, `${language}: ${text}`)).toEqual([]);
        expect(shown).toMatch(language === 'en' ? /allocation code/ : /code verbijzondering/);
      }
    }
  });
});
